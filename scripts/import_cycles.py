"""Import cycles between the files of src/ (issue #17: "no file imports a file that imports it back").

Builds the file-level graph from every `use` tree and every `crate::…`, `super::…` or child-module
path in the code (comments skipped), resolving a path to the longest module prefix that is a file
and following `pub use child::Name` re-exports of a folder's mod.rs to the child that defines the
name. A mod.rs's own `pub use`/`mod` lines only declare and do not count as imports; anything else
it uses from a child does. Code after a file's `#[cfg(test)] mod … {` is read one level deeper (its
`super` is the file itself).

Prints each cycle (strongly connected set of files) with its edges; exits 1 when there is one.
    python3 scripts/import_cycles.py [src]
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "src"
files = {}
for d, _, names in os.walk(root):
    for f in names:
        if f.endswith(".rs"):
            p = os.path.join(d, f)
            parts = os.path.relpath(p, root)[:-3].split(os.sep)
            if parts[-1] == "mod":
                parts = parts[:-1]
            if parts == ["lib"]:
                parts = []
            files[tuple(parts)] = p

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
REEXPORT = re.compile(r"pub(?:\([a-z]+\))?\s+use\s+(?:self::)?(" + IDENT + r")::([^;]+);")


def code(p):
    return re.sub(r"//[^\n]*", "", open(p, encoding="utf-8").read())


reexp = {}
for mod, p in files.items():
    for m in REEXPORT.finditer(code(p)):
        child = tuple(mod) + (m.group(1),)
        if child in files:
            for name, alias in re.findall("(" + IDENT + r")(?:\s+as\s+(" + IDENT + "))?", m.group(2)):
                reexp[(tuple(mod), alias or name)] = child


def resolve(path):
    for i in range(len(path), -1, -1):
        t = tuple(path[:i])
        if t in files:
            if i < len(path) and (t, path[i]) in reexp:
                return reexp[(t, path[i])]
            return t
    return None


def expand(tree):
    tree = tree.strip()
    m = re.match(r"^(.*?)::\{(.*)\}$", tree, re.S)
    if not m:
        return [re.sub(r"\s+as\s+\w+$", "", tree)]
    depth, cur, items = 0, "", []
    for ch in m.group(2):
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    return [x for it in items if it.strip() for x in expand(m.group(1) + "::" + it.strip())]


edges = {k: set() for k in files}
def paths_in(src, mod):
    src = re.sub(r"pub(?:\([a-z]+\))?\s+use\s+[^;]+;", "", src)
    paths = [x for m in re.finditer(r"\buse\s+([^;]+);", src) for x in expand(m.group(1))]
    paths += re.findall(r"\b((?:crate|super)(?:::" + IDENT + ")+)", src)
    for kid in (k[-1] for k in files if len(k) == len(mod) + 1 and k[: len(mod)] == mod):
        paths += re.findall(r"(?<![:\w])(" + kid + r"(?:::" + IDENT + ")+)", src)
    return paths


for mod, p in files.items():
    # An inline `#[cfg(test)] mod tests { … }` (at the end of a file) is one level deeper:
    # its `super` is the file itself.
    parts = re.split(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", code(p), maxsplit=1)
    body, tests = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")
    found = [(path, list(mod)) for path in paths_in(body, mod)]
    found += [(path, list(mod) + ["tests"]) for path in paths_in(tests, mod)]
    for path, here in found:
        segs = [s for s in path.split("::") if s]
        if segs[0] == "crate":
            base, rest = [], segs[1:]
        elif segs[0] == "self":
            base, rest = here, segs[1:]
        elif segs[0] == "super":
            base, rest = here, segs
            while rest and rest[0] == "super":
                base, rest = base[:-1], rest[1:]
        elif tuple(mod) + (segs[0],) in files:
            base, rest = list(mod), segs
        else:
            continue
        t = resolve(base + rest)
        if t is not None and t != mod:
            edges[mod].add(t)

# Tarjan's strongly connected components.
sys.setrecursionlimit(10000)
index, low, stack, on, cycles = {}, {}, [], set(), []


def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            cycles.append(comp)


for v in edges:
    if v not in index:
        visit(v)
name = lambda m: "/".join(m) or "lib"  # noqa: E731
for comp in cycles:
    print("cycle:", " ".join(sorted(map(name, comp))))
    for a in sorted(comp):
        for b in sorted(edges[a]):
            if b in comp:
                print("   ", name(a), "->", name(b))
print(f"{len(files)} files, {sum(map(len, edges.values()))} imports, {len(cycles)} cycles")
sys.exit(1 if cycles else 0)
