# The fuzz test's reference: for each request line {"file", "garble": n, "seed"}, optionally replaces n
# `datatype` attributes with garbage (h5py, in place), then reads every dataset with h5py and answers one
# JSON line {"ok", "datasets": {path: {"ok", "value" | "error"}}}. Non-finite floats become null (as in
# JSON.stringify), bytes become text, booleans numbers.
import json, math, random, sys
import h5py, numpy as np

GARBAGE = ["", "array<1>{", "table{", "array<0>{real}", "struct{a,,b}", "real\x00junk", "array<1>{float}",
           "array<1>{" * 40 + "real" + "}" * 40, "array_of_encoded_equalsized_arrays<1,1>{real}",
           "table{nope}", "array<1>{array<1>{real}}", "struct{binning,isdensity,weights}", "bool", "\xff\xfe"]

def clean(x):
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, bytes):
        return x.decode("utf-8", "replace")
    if isinstance(x, (bool, np.bool_)):
        return int(x)
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    return x

def garble(path, n, seed):
    rng = random.Random(seed)
    with h5py.File(path, "r+") as f:
        owners = []
        f.visititems(lambda name, obj: owners.append(obj) if "datatype" in obj.attrs else None)
        for obj in rng.sample(owners, min(n, len(owners))):
            obj.attrs["datatype"] = rng.choice(GARBAGE)

def walk(group, prefix, seen, out):
    try:
        names = list(group.keys())
    except Exception as e:
        out[prefix.rstrip("/") or "/"] = {"ok": False, "error": str(e)}
        return
    for name in names:
        path = prefix + name
        try:
            link = group.get(name, getlink=True)
            if not isinstance(link, h5py.HardLink):
                continue
            obj = group[name]
            addr = h5py.h5o.get_info(obj.id).addr
        except Exception as e:
            out[path] = {"ok": False, "error": str(e)}
            continue
        if addr in seen:
            continue
        seen.add(addr)
        if isinstance(obj, h5py.Dataset):
            try:
                value = obj[()]
                value = value.tolist() if isinstance(value, np.ndarray) else (value.item() if isinstance(value, np.generic) else value)
                out[path] = {"ok": True, "value": clean(value)}
            except Exception as e:
                out[path] = {"ok": False, "error": str(e)}
        elif isinstance(obj, h5py.Group):
            walk(obj, path + "/", seen, out)

for line in sys.stdin:
    req = json.loads(line)
    answer = {"ok": True, "datasets": {}}
    try:
        if req.get("garble"):
            garble(req["file"], req["garble"], req["seed"])
        with h5py.File(req["file"], "r") as f:
            walk(f, "", set(), answer["datasets"])
    except Exception as e:
        answer = {"ok": False, "error": str(e)}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
