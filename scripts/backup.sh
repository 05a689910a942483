#!/bin/sh
# Backs up every conversation of a workspace, one JSON file per page (needs curl and jq).
# SERVER=https://baton.example.partykit.dev WS=acme CREDENTIAL=bat_… sh backup.sh
set -eu
TOKEN=$(curl -sf -X POST "$SERVER/parties/workspace/$WS/session" -H 'content-type: application/json' -d "{\"credential\":\"$CREDENTIAL\"}" | jq -r .token)
cursor=""; n=0
while :; do
  query=""; [ -n "$cursor" ] && query="?cursor=$(printf %s "$cursor" | jq -sRr @uri)"
  curl -sf -H "authorization: Bearer $TOKEN" "$SERVER/parties/workspace/$WS/export$query" > "baton-$WS-page-$n.json"
  cursor=$(jq -r '.cursor // empty' "baton-$WS-page-$n.json"); n=$((n + 1))
  [ -z "$cursor" ] && break
done
echo "$n page(s) written"
