# A workbook cell of 100 KB (openpyxl writes it): over the 64 KB cell
# limit, an error at its cell, as in a CSV file.
mkunit "$W/d"
rm "$W/d/2023-autumn/ledger.csv"
/usr/bin/python3 - "$W/d/2023-autumn/台账.xlsx" <<'PY'
import sys
from openpyxl import Workbook
wb = Workbook()
ws = wb.active
ws.title = "收支明细"
ws.append(["日期", "凭证号", "科目", "摘要", "收入", "支出", "经办人", "审批人"])
ws.append(["2023-09-01", "记-001", "上期结转", "上期结转", "100.00", "", "张三", "李四"])
ws.append(["2023-09-02", "记-002", "办公费", "纸" * 34000, "", "1.00", "张三", "李四"])
wb.save(sys.argv[1])
PY
(cd "$W" && run_only ': 错误: ' check -d d)
