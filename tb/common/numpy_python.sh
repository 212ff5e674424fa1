# SPDX-License-Identifier: Apache-2.0
# Sourced by the test scripts that need numpy: sets PY to a python3 that imports numpy (Debian's python3-numpy may sit beside another python3 on PATH), or skips the test (exit 77).
PY=
for p in python3 /usr/bin/python3; do
  if command -v $p >/dev/null && $p -c "import numpy" 2>/dev/null; then PY=$p; break; fi
done
[[ -n $PY ]] || { echo "SKIP: no python3 with numpy"; exit 77; }
