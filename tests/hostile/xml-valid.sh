# Text XML escapes or must keep as it is (& < > ]]> quotes, a C1 NEL,
# a noncharacter XML allows, a tab, an emoji): the build succeeds and
# every XML it writes parses.
mkunit "$W/d"
printf '2023-09-02,记-00001,办公费,"A&B <c> ]]> ""q"" '\''s'\'' \302\205 \357\267\220 \t \360\237\215\232",,1.00,张三,李四\n' \
    >>"$W/d/2023-autumn/ledger.csv"
(cd "$W" && run_sys build -d d -t "$TOP/templates" -o out)
cat >"$W.after" <<'AFTER'
xmlparse "hostile xml-valid: every XML written parses" out
AFTER
