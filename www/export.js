// Downloads of what the analyst sees: tables as CSV (RFC 4180 quoting, numbers unrounded) and
// charts as PNG (the uPlot canvas on a white background).

/** One CSV field: quoted when it holds a comma, quote, or line break. Null/NaN become empty. */
export function csvField(v) {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text of a header and rows (arrays of values), lines ended by \r\n. */
export function toCsv(header, rows) {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Starts a download of `blob` named `name`. */
export function download(name, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Downloads CSV text. */
export function downloadCsv(name, header, rows) {
  download(name, new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
}

/** Downloads a uPlot chart as a PNG image. */
export function downloadChart(name, chart) {
  const src = chart.ctx.canvas;
  const out = document.createElement('canvas');
  out.width = src.width;
  out.height = src.height;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(src, 0, 0);
  out.toBlob((blob) => download(name, blob), 'image/png');
}
