// k-means assignment: one thread per point finds the nearest centroid by squared Euclidean
// distance (strict <: ties keep the lower centroid index). Rows are padded to vec4 with zeros.
// Centroid rows are read from storage (few and small: they stay in cache). The batch starts at
// point `first` of the points buffer (points resident on the GPU are processed batch by batch
// in place); labels and distances are indexed within the batch.

struct Params {
    points: u32,
    centroids: u32,
    dim4: u32,
    row_width: u32, // threads per dispatch row (workgroups in x · 64), for 2-D dispatches
    first: u32,
    _pad0: u32,
    _pad1: u32,
    _pad2: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> c: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> labels: array<u32>;
@group(0) @binding(4) var<storage, read_write> dists: array<f32>;

fn sq_dist(n: u32, j: u32) -> f32 {
    var acc = vec4<f32>(0.0);
    for (var k = 0u; k < p.dim4; k++) {
        let d = x[(p.first + n) * p.dim4 + k] - c[j * p.dim4 + k];
        acc += d * d;
    }
    return (acc.x + acc.y) + (acc.z + acc.w);
}

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let n = gid.y * p.row_width + gid.x;
    if (n >= p.points) {
        return;
    }
    // Starts from centroid 0 (WGSL has no infinity constant). Distances are sums of squares of
    // finite numbers, never NaN, so this equals starting from +inf as the CPU does.
    var best = 0u;
    var best_d = sq_dist(n, 0u);
    for (var j = 1u; j < p.centroids; j++) {
        let dist = sq_dist(n, j);
        if (dist < best_d) {
            best_d = dist;
            best = j;
        }
    }
    labels[n] = best;
    dists[n] = best_d;
}
