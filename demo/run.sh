#!/usr/bin/env bash
# `make demo`: load the lists (official download when reachable, else the demo list the
# project ships) and run the main job end to end: lists, search, show, diff, screen,
# check-export, exposure, screen-file, the monitored register and the audit log.
set -euo pipefail
ew="${1:-entitywatch}"
here="$(cd "$(dirname "$0")/.." && pwd)"
demo_list="$here/src/entitywatch/demo_data/seed_facts_list.csv"

echo "== data directory: ${ENTITYWATCH_HOME}"
echo "== downloading the official lists (entitywatch update)"
if "$ew" update; then
    echo "== official lists loaded"
else
    echo
    echo "== the official sources could not be reached (offline?)."
    echo "== Loading the DEMO list instead: $(basename "$demo_list")"
    echo "== It is a small subset written by entitywatch from facts in news articles,"
    echo "== NOT an official list. Use 'entitywatch update' or 'entitywatch load FILE' for real data."
    "$ew" load "$demo_list" --source demo_seed_facts
fi

echo
echo "== entitywatch lists"
"$ew" lists
echo
echo "== entitywatch search hikvision"
"$ew" search hikvision --limit 5
party_id="$("$ew" search hikvision --json --limit 1 | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(r[0]["party_id"] if r else "")')"
if [ -n "$party_id" ]; then
    echo
    echo "== entitywatch show $party_id"
    "$ew" show "$party_id"
fi
source_key="$("$ew" lists --json | python3 -c 'import json,sys; s=[x for x in json.load(sys.stdin)["snapshots"] if x["active"]]; print(next((x["source"] for x in s if x["source"] in ("us_trade_csl","demo_seed_facts")), s[0]["source"]))')"
echo
echo "== entitywatch diff 2019-10-01 2019-10-10 --source $source_key   (what the lists gained that week)"
"$ew" diff 2019-10-01 2019-10-10 --source "$source_key" --limit 40

echo
echo "== entitywatch screen \"Hikvision\"   (one party against the active lists)"
"$ew" screen "Hikvision"
echo
echo "== entitywatch check-export --party \"Hikvision\" --item 1A004.c --country CN"
"$ew" check-export --party "Hikvision" --item 1A004.c --country CN
echo
echo "== entitywatch exposure \"Huawei Technologies Co., Ltd.\"   (what the measures mean, regime by regime)"
"$ew" exposure "Huawei Technologies Co., Ltd."

demo_dir="$(mktemp -d)"
trap 'rm -rf "$demo_dir"' EXIT
cat > "$demo_dir/counterparties.csv" <<'CSV'
external_id,name,country
C-001,Hangzhou Hikvision Digital Technology Co Ltd,CN
C-002,Megvii Technology Limited,CN
C-003,Tsingtao Brewery Company Limited,CN
C-004,Nordic Widgets AB,SE
CSV
echo
echo "== entitywatch screen-file counterparties.csv   (a whole file, row by row)"
"$ew" screen-file "$demo_dir/counterparties.csv" --out "$demo_dir/screened.csv"
python3 - "$demo_dir/screened.csv" <<'PY'
import csv, sys
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    print(f"  {row['name'][:45]:45} {row['decision']:6} {row['score']:>6}  {row['match_name'][:45]}")
PY
echo
echo "== entitywatch parties import + alerts list   (the counterparty register, monitored)"
"$ew" parties import "$demo_dir/counterparties.csv"
"$ew" alerts list
echo
echo "== entitywatch audit verify   (the hash-chained audit log)"
"$ew" audit verify
