// Per-workgroup partial top-k over a block of BLOCK = 4096 scores of one row: workgroup (b, r)
// selects, in order, the best min(k, block) entries of row r among columns b·BLOCK.. and writes
// them as (sort key, item index) pairs; the CPU merges the blocks of a row. Only these candidates
// are read back, never the score matrix.
//
// Order (the crate's rank order): higher score first, ties to the lower index, NaN last. Scores
// become u32 keys that sort like the floats (NaN → 0, below every number; -0 as +0), so round r
// picks the best entry ranking strictly after the one picked in round r - 1: no marking needed.

struct Params {
    rows: u32,        // rows of the score block
    cols: u32,        // valid columns of the score block
    stride: u32,      // row stride of the score buffer, in floats
    k: u32,           // entries kept per block (≤ BLOCK)
    index_offset: u32,// item index of column 0
    out_blocks: u32,  // blocks per row in the output (whole catalog)
    out_block0: u32,  // output block of this dispatch's block 0
    _pad: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> s: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<vec2<u32>>;

const WG: u32 = 256u;
const PER: u32 = 16u; // entries per thread: BLOCK = WG · PER = 4096
const NONE: u32 = 0xffffffffu;

var<workgroup> red_key: array<u32, 256>;
var<workgroup> red_idx: array<u32, 256>;
var<workgroup> last: vec2<u32>;

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

// a ranks before b
fn better(ak: u32, ai: u32, bk: u32, bi: u32) -> bool {
    return ak > bk || (ak == bk && ai < bi);
}

@compute @workgroup_size(256, 1, 1)
fn main(
    @builtin(local_invocation_id) lid: vec3<u32>,
    @builtin(workgroup_id) wid: vec3<u32>,
) {
    let t = lid.x;
    let b = wid.x;
    let r = wid.y;
    var keys: array<u32, 16>;
    var idxs: array<u32, 16>;
    let base = b * WG * PER;
    for (var m = 0u; m < PER; m++) {
        let c = base + m * WG + t;
        if (r < p.rows && c < p.cols) {
            keys[m] = key_of(s[r * p.stride + c]);
            idxs[m] = p.index_offset + c;
        } else {
            keys[m] = 0u;
            idxs[m] = NONE;
        }
    }
    if (t == 0u) {
        last = vec2<u32>(NONE, 0u); // ranks before everything
    }
    workgroupBarrier();
    let out_base = (r * p.out_blocks + p.out_block0 + b) * p.k;
    for (var round = 0u; round < p.k; round++) {
        let lk = last.x;
        let li = last.y;
        var bk = 0u;
        var bi = NONE;
        for (var m = 0u; m < PER; m++) {
            let k = keys[m];
            let i = idxs[m];
            // Candidates rank strictly after the last pick; keep the best of them.
            if (i != NONE && better(lk, li, k, i) && better(k, i, bk, bi)) {
                bk = k;
                bi = i;
            }
        }
        red_key[t] = bk;
        red_idx[t] = bi;
        workgroupBarrier();
        for (var w = WG / 2u; w > 0u; w = w / 2u) {
            if (t < w) {
                let ok = red_key[t + w];
                let oi = red_idx[t + w];
                if (better(ok, oi, red_key[t], red_idx[t])) {
                    red_key[t] = ok;
                    red_idx[t] = oi;
                }
            }
            workgroupBarrier();
        }
        if (t == 0u) {
            if (r < p.rows) {
                out[out_base + round] = vec2<u32>(red_key[0], red_idx[0]);
            }
            last = vec2<u32>(red_key[0], red_idx[0]);
        }
        workgroupBarrier();
    }
}
