// Batched scores against int8 items: S[u][i] = (su · si) · Σ qu·qi, the integer dot product
// exact in i32 (|Σ| ≤ 65536 · 127² < 2³¹), exactly as the CPU reference computes it. Rows are
// packed 4 int8 per u32 (dimension padded with zeros); one thread per output.

struct Params {
    users: u32,
    items: u32,
    dim4: u32,        // padded dimension / 4 = u32 words per row
    item_offset: u32,
    out_stride: u32,
    out_offset: u32,
    _pad0: u32,
    _pad1: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> u: array<u32>;
@group(0) @binding(2) var<storage, read> it: array<u32>;
@group(0) @binding(3) var<storage, read_write> s: array<f32>;
@group(0) @binding(4) var<storage, read> u_scale: array<f32>;
@group(0) @binding(5) var<storage, read> it_scale: array<f32>;

fn dot4(a: u32, b: u32) -> i32 {
    var acc = 0i;
    for (var sh = 0u; sh < 32u; sh += 8u) {
        let x = bitcast<i32>(a << (24u - sh)) >> 24u;
        let y = bitcast<i32>(b << (24u - sh)) >> 24u;
        acc += x * y;
    }
    return acc;
}

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = gid.x;
    let r = gid.y;
    if (i >= p.items || r >= p.users) {
        return;
    }
    let ir = p.item_offset + i;
    var acc = 0i;
    for (var k = 0u; k < p.dim4; k++) {
        acc += dot4(u[r * p.dim4 + k], it[ir * p.dim4 + k]);
    }
    s[r * p.out_stride + p.out_offset + i] = (u_scale[r] * it_scale[ir]) * f32(acc);
}
