// Partial top-k, one thread per (row, block of `block` scores): the thread scans its block in
// index order keeping the best min(k, block) entries in a private sorted list (most entries are
// rejected by one comparison with the current k-th), then writes them as (sort key, item index)
// pairs, empty slots as (0, NONE). No shared memory, no barriers. The CPU merges the blocks of
// a row; only these candidates are read back, never the score matrix.
//
// Order (the crate's rank order): higher score first, ties to the lower index, NaN last. Scores
// become u32 keys that sort like the floats (NaN → 0, below every number; -0 as +0).

struct Params {
    rows: u32,         // rows of the score block
    cols: u32,         // valid columns of the score block
    stride: u32,       // row stride of the score buffer, in floats
    k: u32,            // entries kept per block (≤ KMAX)
    index_offset: u32, // item index of column 0
    out_blocks: u32,   // blocks per row in the output (whole catalog)
    out_block0: u32,   // output block of this dispatch's block 0
    block: u32,        // scores per block
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> s: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<vec2<u32>>;

const KMAX: u32 = 64u;
const NONE: u32 = 0xffffffffu;

fn key_of(x: f32) -> u32 {
    var b = bitcast<u32>(x);
    if ((b & 0x7fffffffu) > 0x7f800000u) {
        return 0u; // NaN
    }
    if (b == 0x80000000u) {
        b = 0u; // -0 ranks as +0
    }
    if ((b & 0x80000000u) != 0u) {
        return ~b;
    }
    return b | 0x80000000u;
}

@compute @workgroup_size(64, 1, 1)
fn main(
    @builtin(global_invocation_id) gid: vec3<u32>,
    @builtin(num_workgroups) groups: vec3<u32>,
) {
    let blocks = (p.cols + p.block - 1u) / p.block;
    let id = gid.y * groups.x * 64u + gid.x;
    if (id >= p.rows * blocks) {
        return;
    }
    let r = id / blocks;
    let b = id % blocks;
    let first = b * p.block;
    let last = min(first + p.block, p.cols);
    var keys: array<u32, KMAX>;
    var idxs: array<u32, KMAX>;
    var m = 0u; // entries held, sorted best first
    for (var c = first; c < last; c++) {
        let key = key_of(s[r * p.stride + c]);
        // Indices only grow, so an equal key ranks after every held entry: strict > suffices.
        if (m < p.k || key > keys[m - 1u]) {
            var j = min(m, p.k - 1u);
            if (m < p.k) {
                m += 1u;
            }
            loop {
                if (j == 0u) {
                    break;
                }
                let prev = keys[j - 1u];
                if (key <= prev) {
                    break;
                }
                keys[j] = prev;
                idxs[j] = idxs[j - 1u];
                j -= 1u;
            }
            keys[j] = key;
            idxs[j] = p.index_offset + c;
        }
    }
    let base = (r * p.out_blocks + p.out_block0 + b) * p.k;
    for (var j = 0u; j < p.k; j++) {
        if (j < m) {
            out[base + j] = vec2<u32>(keys[j], idxs[j]);
        } else {
            out[base + j] = vec2<u32>(0u, NONE);
        }
    }
}
