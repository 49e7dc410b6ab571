// Batched scores S = U · Iᵀ (f32), tiled: each 16×16 workgroup computes a 64×64 output tile, each
// thread a 4×4 block of outputs (rows ty + 16·i, columns tx + 16·j). Both operands are row-major
// with the dimension padded to a multiple of 4 (zeros), read as vec4 into workgroup-shared tiles
// of 64 rows × 16 dimensions. Items may be stored as f16 (opt-in, adapters with `shader-f16`):
// the host then prepends `enable f16;` and makes `ItemVec` a vec4<f16>; sums stay in f32.

alias ItemVec = vec4<f32>;

struct Params {
    users: u32,       // rows of U in this dispatch
    items: u32,       // items scored in this dispatch
    dim4: u32,        // padded dimension / 4
    item_offset: u32, // first item row (within the bound item buffer)
    out_stride: u32,  // row stride of S in floats
    out_offset: u32,  // column of S where this dispatch's first item goes
    _pad0: u32,
    _pad1: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> u: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> it: array<ItemVec>;
@group(0) @binding(3) var<storage, read_write> s: array<f32>;

const TILE: u32 = 64u;
const TK4: u32 = 4u; // vec4s per row of a tile (16 dimensions)

var<workgroup> a_tile: array<vec4<f32>, 256>; // 64 users × 4 vec4
var<workgroup> b_tile: array<vec4<f32>, 256>; // 64 items × 4 vec4

@compute @workgroup_size(16, 16, 1)
fn main(
    @builtin(local_invocation_id) lid: vec3<u32>,
    @builtin(workgroup_id) wid: vec3<u32>,
) {
    let tx = lid.x;
    let ty = lid.y;
    let flat = ty * 16u + tx;
    let row0 = wid.y * TILE; // first user of the tile
    let col0 = wid.x * TILE; // first item of the tile
    // The one vec4 of each tile this thread loads: tile row flat / 4, vec4 flat % 4.
    let lrow = flat / TK4;
    let lk = flat % TK4;

    var acc: array<vec4<f32>, 4>;
    for (var i = 0u; i < 4u; i++) {
        acc[i] = vec4<f32>(0.0);
    }

    for (var k0 = 0u; k0 < p.dim4; k0 += TK4) {
        let kk = k0 + lk;
        let ur = row0 + lrow;
        var av = vec4<f32>(0.0);
        if (ur < p.users && kk < p.dim4) {
            av = u[ur * p.dim4 + kk];
        }
        a_tile[flat] = av;
        let ir = col0 + lrow;
        var bv = vec4<f32>(0.0);
        if (ir < p.items && kk < p.dim4) {
            bv = vec4<f32>(it[(p.item_offset + ir) * p.dim4 + kk]);
        }
        b_tile[flat] = bv;
        workgroupBarrier();

        for (var k = 0u; k < TK4; k++) {
            let b0 = b_tile[(tx) * TK4 + k];
            let b1 = b_tile[(tx + 16u) * TK4 + k];
            let b2 = b_tile[(tx + 32u) * TK4 + k];
            let b3 = b_tile[(tx + 48u) * TK4 + k];
            for (var i = 0u; i < 4u; i++) {
                let a = a_tile[(ty + 16u * i) * TK4 + k];
                acc[i] += vec4<f32>(dot(a, b0), dot(a, b1), dot(a, b2), dot(a, b3));
            }
        }
        workgroupBarrier();
    }

    for (var i = 0u; i < 4u; i++) {
        let r = row0 + ty + 16u * i;
        if (r < p.users) {
            for (var j = 0u; j < 4u; j++) {
                let c = col0 + tx + 16u * j;
                if (c < p.items) {
                    s[r * p.out_stride + p.out_offset + c] = acc[i][j];
                }
            }
        }
    }
}
