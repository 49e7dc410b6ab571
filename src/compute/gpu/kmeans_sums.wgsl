// Per-cluster coordinate sums of one k-means step, partial per chunk of CHUNK = 1024 points:
// workgroup w sums the points w·CHUNK.. of each cluster (in f32, one thread per (cluster, vec4)
// pair), writing partial[w][cluster][vec4]. The CPU adds the chunks in f64. The batch starts at
// point `offset` of the points buffer; labels are indexed within the batch.

struct Params {
    points: u32,
    centroids: u32,
    dim4: u32,
    offset: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> labels: array<u32>;
@group(0) @binding(3) var<storage, read_write> partial: array<vec4<f32>>;

const WG: u32 = 256u;
const CHUNK: u32 = 1024u;

var<workgroup> chunk_labels: array<u32, 1024>;

@compute @workgroup_size(256, 1, 1)
fn main(
    @builtin(local_invocation_id) lid: vec3<u32>,
    @builtin(workgroup_id) wid: vec3<u32>,
) {
    let t = lid.x;
    let first = wid.x * CHUNK;
    for (var m = t; m < CHUNK; m += WG) {
        let n = first + m;
        var l = 0xffffffffu;
        if (n < p.points) {
            l = labels[n];
        }
        chunk_labels[m] = l;
    }
    workgroupBarrier();
    let count = min(CHUNK, p.points - first);
    let pairs = p.centroids * p.dim4;
    for (var q = t; q < pairs; q += WG) {
        let cl = q / p.dim4;
        let k = q % p.dim4;
        var acc = vec4<f32>(0.0);
        for (var m = 0u; m < count; m++) {
            if (chunk_labels[m] == cl) {
                acc += x[(p.offset + first + m) * p.dim4 + k];
            }
        }
        partial[wid.x * pairs + q] = acc;
    }
}
