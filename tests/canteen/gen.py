#!/usr/bin/env python3
# Writes data/: one autumn semester of a university's 饮食服务中心 (three
# dining halls, about 9,000 meals a day), shaped like the books such a
# centre keeps (see tests/canteen.test): a ledger settled monthly from
# the campus-card system, purchases every weekday for three halls, food
# samples of three meals in each hall and a late meal (夜宵) in one, complaints from the student
# mailbox and the 12345 line, repairs to kitchen equipment, no fees and
# no attendance.  Students' numbers (学号, campus-card numbers) are
# typed into free text, as offices do.  The CSV files are committed;
# this script documents how they were made and is deterministic.
import datetime
import os

D = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')
P = os.path.join(D, '2024-autumn')
os.makedirs(P, exist_ok=True)


def w(path, text, enc='utf-8'):
    with open(path, 'w', encoding=enc, newline='') as f:
        f.write(text)


def csvline(cells):
    out = []
    for c in cells:
        c = str(c)
        if any(ch in c for ch in ',"\n'):
            c = '"' + c.replace('"', '""') + '"'
        out.append(c)
    return ','.join(out) + '\r\n'


def table(name, head, rows, enc='utf-8'):
    w(os.path.join(P, name), csvline(head) + ''.join(csvline(r) for r in rows),
      enc)


def yuan(fen):
    return '%d.%02d' % (fen // 100, fen % 100)


class Lcg:
    """A small generator of its own, so that the files never depend on
    the random module of a Python version."""
    def __init__(self, seed):
        self.s = seed

    def next(self, n):
        self.s = (self.s * 1103515245 + 12345) % 2147483648
        return (self.s >> 8) % n


R = Lcg(20240901)
START, END = datetime.date(2024, 9, 2), datetime.date(2025, 1, 17)
DAYS = []
d = START
while d <= END:
    # Weekdays of term; the National Day week is a holiday.
    if d.weekday() < 5 and not (datetime.date(2024, 10, 1) <= d <=
                                datetime.date(2024, 10, 7)):
        DAYS.append(d)
    d += datetime.timedelta(days=1)
HALLS = ['第一食堂', '第二食堂', '清真餐厅']

w(os.path.join(D, 'unit.md'), '''---
name: 湘江师范学院后勤集团饮食服务中心
type: 高校食堂
address: 湖南省湘潭市雨湖区学院路9号
head: 欧阳建国
hotline: 0731-58291234
price_hotline: 12315
canteen_account: 食材支出
canteen_income: 餐费收入
non_fee_income: 餐费收入、学校补贴
complaint_days: 5
---
湘江师范学院后勤集团饮食服务中心负责全校三个学生食堂的经营和管理：第一食堂、第二食堂和清真餐厅，共有就餐座位四千二百个，每天供应早、中、晚三餐约九千人次。中心现有职工一百二十六人，其中管理人员九人、厨师四十二人。

中心坚持“服务育人、保本微利”，学生食堂饭菜价格、质量、数量“三不变”，食材统一采购、集中验收，每批蔬菜入库前做农药残留快速检测。伙食收支单独核算，按学期向全校师生公开。

对饭菜质量、价格和服务有意见，请拨打中心投诉电话 0731-58291234，或登录学校网上信箱；对价格问题也可拨打价格举报电话 12315。
''')

# Purchases: every weekday, for each hall, rice and oil once a week,
# vegetables, meat and eggs daily.
ITEMS = [
    ('大米', '粮油', '湘潭市金穗粮油有限公司', 'kg', 520, 4, 300, 600),
    ('菜籽油', '粮油', '湘潭市金穗粮油有限公司', 'L', 1650, 4, 60, 160),
    ('猪肉', '肉类', '雨湖区放心肉联合加工厂', 'kg', 2680, 0, 80, 180),
    ('鸡腿', '肉类', '湘潭正大禽业有限公司', 'kg', 1860, 0, 40, 120),
    ('鸡蛋', '蛋类', '湘潭正大禽业有限公司', 'kg', 980, 0, 60, 120),
    ('大白菜', '蔬菜', '雨湖区九华蔬菜专业合作社', 'kg', 220, 0, 150, 320),
    ('土豆', '蔬菜', '雨湖区九华蔬菜专业合作社', 'kg', 300, 0, 120, 260),
    ('青椒', '蔬菜', '雨湖区九华蔬菜专业合作社', 'kg', 520, 0, 60, 140),
    ('西红柿', '蔬菜', '雨湖区九华蔬菜专业合作社', 'kg', 480, 0, 80, 160),
]
BUYERS = {'第一食堂': ('彭志刚', '陈慧'), '第二食堂': ('刘卫东', '谭小芳'),
          '清真餐厅': ('马建军', '周丽')}
purchases, pmonth = [], {}
for day in DAYS:
    for hall in HALLS:
        for name, cat, sup, unit, price, weekday, lo, hi in ITEMS:
            if cat == '粮油' and day.weekday() != weekday:
                continue
            if hall == '清真餐厅' and name == '猪肉':
                continue
            qty = lo + R.next(hi - lo) if hall != '清真餐厅' else (lo + R.next(hi - lo)) // 3
            amount = qty * price
            test = '合格' if cat == '蔬菜' else '免检'
            buyer, receiver = BUYERS[hall]
            purchases.append((day.isoformat(), name, cat, sup + '(' + hall + ')',
                              qty, unit, yuan(price), yuan(amount), buyer,
                              receiver, test))
            m = day.strftime('%Y-%m')
            pmonth[m] = pmonth.get(m, 0) + amount
table('purchases.csv', ['日期', '品名', '类别', '供应商', '数量', '单位', '单价',
                        '金额', '采购员', '验收员', '农残检测'], purchases)

# Ledger: the campus-card system settles meal takings monthly; the
# ingredients are paid monthly, exactly what was bought; wages, fuel,
# repairs, equipment.  One memo says how much was topped up on cards
# (an amount next to a label: no personal number), one refund names a
# student by 学号 (a personal number: masked on public pages).
ledger, v = [], 0


def voucher():
    global v
    v += 1
    return '记-%04d' % v


ledger.append(('2024-09-01', voucher(), '上期结转', '上期结转',
               '412860.55', '', '王敏', '欧阳建国'))
ledger.append(('2024-09-03', voucher(), '学校补贴', '学校拨付学生伙食补贴',
               '600000.00', '', '王敏', '欧阳建国'))
ends = {'2024-09': 30, '2024-10': 31, '2024-11': 30, '2024-12': 31,
        '2025-01': 17}
for m in sorted(ends):
    last = '%s-%02d' % (m, ends[m])
    ledger.append((last, voucher(), '餐费收入',
                   '校园卡系统结算%s月餐费收入' % int(m[5:]),
                   yuan(pmonth[m] * 240 // 100 + R.next(100000)), '', '王敏',
                   '欧阳建国'))
    ledger.append((last, voucher(), '食材支出', '支付%s月食材款' % int(m[5:]),
                   '', yuan(pmonth[m]), '彭志刚', '欧阳建国'))
    ledger.append((last, voucher(), '燃料动力费', '%s月燃气费、电费' % int(m[5:]),
                   '', yuan(8650000 + R.next(2000000)), '王敏', '欧阳建国'))
    ledger.append((last, voucher(), '人员经费', '%s月职工工资及社保' % int(m[5:]),
                   '', '630000.00' if m != '2025-01' else '357000.00',
                   '王敏', '欧阳建国'))
ledger.append(('2024-10-15', voucher(), '餐费收入',
               '一卡通 128450.00 元结算差额划入（9月）', '128450.00', '', '王敏',
               '欧阳建国'))
ledger.append(('2024-11-08', voucher(), '餐费收入',
               '退学号 2022103344 同学重复扣款', '', '36.00', '王敏', '欧阳建国'))
ledger.append(('2024-11-20', voucher(), '维修费', '第二食堂冷库压缩机更换', '',
               '46800.00', '刘卫东', '欧阳建国'))
ledger.append(('2024-12-06', voucher(), '设备购置', '清真餐厅蒸饭柜两台', '',
               '23600.00', '马建军', '欧阳建国'))
ledger.sort(key=lambda r: (r[0], r[1]))
table('ledger.csv', ['日期', '凭证号', '科目', '摘要', '收入', '支出', '经办人',
                     '审批人'], ledger, 'gbk')

table('budget.csv', ['科目', '预算金额'], [
    ('食材支出', '2000000.00'), ('燃料动力费', '520000.00'),
    ('人员经费', '3000000.00'), ('维修费', '80000.00'),
    ('设备购置', '50000.00')])

# Samples: each hall, each meal, three to four dishes, 125 g or more,
# kept 48 hours.
DISHES = {'早餐': ['馒头', '肉包', '豆浆', '鸡蛋', '米粉'],
          '午餐': ['红烧肉', '辣椒炒肉', '番茄炒蛋', '手撕包菜', '土豆丝'],
          '晚餐': ['剁椒鱼头', '宫保鸡丁', '清炒白菜', '麻婆豆腐', '青椒土豆'],
          '夜宵': ['炒粉', '馄饨', '汤面', '蛋炒饭']}
TIMES = {'早餐': '07:10', '午餐': '11:20', '晚餐': '17:10', '夜宵': '21:00'}
KEEPERS = {'第一食堂': '黄雪梅', '第二食堂': '谭小芳', '清真餐厅': '周丽'}
samples = []
for day in DAYS:
    for hall in HALLS:
        # The first hall stays open for the late meal (夜宵).
        for meal in ('早餐', '午餐', '晚餐') + (('夜宵',) if hall == HALLS[0]
                                             else ()):
            dishes = DISHES[meal]
            k = R.next(len(dishes))
            for i in range(3):
                dish = dishes[(k + i) % len(dishes)]
                if hall == '清真餐厅' and dish in ('红烧肉', '辣椒炒肉', '肉包'):
                    dish = '牛肉' + dish[-1] if dish != '肉包' else '牛肉包'
                kept = '%s %s' % (day.isoformat(), TIMES[meal])
                gone = day + datetime.timedelta(days=2)
                samples.append((day.isoformat(), meal, hall + ' ' + dish,
                                125 + R.next(60), kept,
                                '%s %s' % (gone.isoformat(), TIMES[meal]),
                                KEEPERS[hall]))
table('samples.csv', ['日期', '餐次', '菜品', '留样克数', '留样时间', '销样时间',
                      '留样人'], samples)

disinfection = []
for day in DAYS:
    for hall in HALLS:
        disinfection.append((day.isoformat(), hall + '餐具', '高温消毒柜', 30,
                             KEEPERS[hall]))
        if day.weekday() == 4:
            disinfection.append((day.isoformat(), hall + '就餐大厅',
                                 '含氯消毒液擦拭', 60, BUYERS[hall][1]))
table('disinfection.csv', ['日期', '对象', '方式', '时长', '责任人'],
      disinfection)

table('repairs.csv', ['日期', '类别', '地点', '内容', '状态', '维修人'], [
    ('2024-09-09', '燃气', '第一食堂', '炒灶燃气阀漏气，更换阀门', '已完成',
     '后勤集团维修中心'),
    ('2024-10-14', '电', '第二食堂', '和面机电机烧毁，更换电机', '已完成',
     '后勤集团维修中心'),
    ('2024-11-18', '制冷', '第二食堂', '冷库压缩机故障，更换压缩机', '已完成',
     '湘潭冷链设备有限公司'),
    ('2024-12-02', '电', '清真餐厅', '蒸饭柜加热管损坏', '已完成',
     '后勤集团维修中心'),
    ('2025-01-13', '水', '第一食堂', '洗碗间下水道堵塞', '处理中',
     '后勤集团维修中心'),
])

table('complaints.csv', ['日期', '渠道', '内容', '处理结果', '办结日期'], [
    ('2024-09-12', '网上信箱', '学号2021214587的同学反映二食堂饭卡被多扣 12.50 元',
     '核对校园卡消费记录属实，已退还并向该生致歉', '2024-09-13'),
    ('2024-10-16', '12345热线', '学生反映第一食堂午餐排队时间过长',
     '增开两个售饭窗口，午餐高峰增派人员', '2024-10-18'),
    ('2024-11-05', '学生座谈会', '清真餐厅晚餐品种偏少',
     '晚餐增加两道牛羊肉菜品和面食', '2024-11-08'),
    ('2024-11-22', '网上信箱',
     '校园卡号：30012345 挂失后仍被消费 23.00 元，请核查',
     '系统挂失延迟所致，已退款并缩短挂失生效时间', '2024-11-25'),
    ('2024-12-19', '当面反映', '学生反映第二食堂汤菜偏咸', '调整配方，减盐',
     '2024-12-19'),
])

w(os.path.join(P, 'summary.md'), '''---
title: 湘江师范学院饮食服务中心2024年秋季学期工作总结
start: 2024-09-01
end: 2025-01-17
author: 王敏
date: 2025-01-17
---
本学期，饮食服务中心在学校和后勤集团的领导下，坚持“服务育人、保本微利”，在全国副食品价格波动的情况下，确保学生食堂饭菜价格、质量、数量“三不变”，为全校师生提供安全、卫生、实惠的伙食。现将本学期工作总结如下。

## 一、伙食收支

本学期餐费收入{{伙食收入}}元，食材支出{{伙食支出}}元，伙食结余{{伙食结余}}元，结余率{{伙食结余率}}。收入合计（含上期结转和学校补贴）{{收入合计}}元，支出合计{{支出合计}}元，期末结余{{期末结余}}元。第二食堂冷库压缩机更换支出{{科目支出:维修费}}元。

## 二、食材采购与验收

食材统一招标采购，本学期采购{{采购次数}}批次，金额{{采购金额}}元，其中蔬菜{{采购金额:蔬菜}}元。蔬菜入库前逐批做农药残留快速检测，共检测{{农残检测次数}}批次，全部合格。

## 三、食品安全

三个食堂每餐每样菜品留样不少于125克、保存48小时，本学期共留样{{留样次数}}份；餐具每餐高温消毒，就餐大厅每周消毒，共记录消毒{{消毒次数}}次。设备维修{{维修次数}}次。

## 四、倾听师生意见

通过网上信箱、12345热线和学生座谈会受理意见{{投诉件数}}件，均已办结。一卡通号为 88001234 的同学反映的重复扣款问题已由校园卡中心核实退款。
''')
