# The notebook way (issue 19's reference): read one column of every hit table with h5py, concatenate, and
# numpy.histogram it. Prints the seconds after the imports and the entries binned, as JSON.
import glob, json, sys, time

import h5py
import numpy

root, column, bins, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
started = time.perf_counter()
parts = []
for path in sorted(glob.glob(f"{root}/**/*-tier_hit.lh5", recursive=True)):
    with h5py.File(path, "r") as f:
        for name in f:
            table = f[name]
            if "hit" in table and column in table["hit"]:
                parts.append(table["hit"][column][:])
values = numpy.concatenate(parts)
counts, _ = numpy.histogram(values, bins=bins, range=(lo, hi))
print(json.dumps({"seconds": time.perf_counter() - started, "entries": int(values.size), "tables": len(parts), "inRange": int(counts.sum())}))
