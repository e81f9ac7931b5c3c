#!/bin/sh
# A stand-in for any program that is not written in Java: it "renders" for a few seconds.
# Run it under a license with:
#   licman run --feature cad-render --version 2.0 -- ./render.sh scene.txt
# licman holds a seat while it runs, returns it when it ends, and passes its exit status through.
scene="${1:-scene.txt}"
steps="${RENDER_STEPS:-3}"
i=1
while [ "$i" -le "$steps" ]; do
  echo "rendering $scene: pass $i of $steps"
  sleep 1
  i=$((i + 1))
done
echo "rendered $scene"
exit "${RENDER_EXIT:-0}"
