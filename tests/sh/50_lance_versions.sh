#!/bin/bash
# Lance versions: create, append, overwrite, explicit fragment ids and a
# replaced fragment, checked version by version with lancedb (listVersions,
# checkout, rows and values); then lancedb and our writer append to the same
# dataset in turn (each reading the other's manifest, lancedb rebasing onto
# our version through our .txn file).
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
bin="$TESTBIN/test_lance_versions"
out="$TPCH_TMP/lance_versions"
rm -rf "$out"
count "$bin" write "$out"
count node tests/js/lance_check.mjs "$out/expected.json"
count node tests/js/lance_interop.mjs "$out" "$bin"
finish
