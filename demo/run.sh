#!/usr/bin/env bash
# `make demo`: load the lists (official download when reachable, else the demo list the
# project ships) and run the main job as far as it exists: lists, search, show, diff.
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
