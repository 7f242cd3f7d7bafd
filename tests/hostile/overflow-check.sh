# 10,000 rows of 9,999,999,999,999.99 元: the income total leaves the
# int64 range at one row, reported there as a data error.
mkunit "$W/d"
awk 'BEGIN { for (i = 1; i <= 10000; i++)
    printf "2023-09-01,记-%05d,办公费,购纸,9999999999999.99,,张三,李四\n", i }' \
    >>"$W/d/2023-autumn/ledger.csv"
(cd "$W" && run_only 'overflow\|^sunlight:' check -d d)
