# A 4 MB line (an unquoted 摘要): over the 1 MB line limit, an error at
# its line; the lines after it are read as usual.
mkunit "$W/d"
{
	printf '2023-09-02,记-00001,办公费,'
	head -c 4194304 /dev/zero | tr '\0' x
	printf ',,1.00,张三,李四\n2023-09-03,记-00002,办公费,x,,1x.00,张三,李四\n'
} >>"$W/d/2023-autumn/ledger.csv"
(cd "$W" && run_only ': 错误: ' check -d d)
