// check.mjs loads CZML files with Cesium's own CzmlDataSource, in Node
// (loading needs no WebGL), and prints what Cesium read back, as JSON, for
// internal/globe's tests to compare with the scenes written.
//
//   node check.mjs JOB.json
//
// JOB.json: [{"czml": PATH, "epoch": ISO8601, "probes": {ENTITY_ID: [SECONDS, …]}}, …].
// For each file: the clock, and for each entity its name, parent, kind and
// other properties, availability (seconds after epoch), which graphics it
// has, and at each probe time its position (ECEF m), ellipsoid radii (m)
// and orientation (x, y, z, w); polyline and polygon vertex counts.
import { readFileSync } from "node:fs";

// CzmlDataSource compares a property's type with the browser's Image
// constructor in a switch, so in Node, which has none, the comparison
// throws before the later cases (Number, String, …) are reached. A stand-in
// class is never equal to the types compared with it; no billboard is read.
globalThis.Image ??= class Image {};
const { CzmlDataSource, JulianDate } = await import("cesium");
const jobs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = [];
for (const job of jobs) {
  const epoch = JulianDate.fromIso8601(job.epoch);
  const rel = (t) => JulianDate.secondsDifference(t, epoch);
  const at = (s) => JulianDate.addSeconds(epoch, s, new JulianDate());
  const czml = JSON.parse(readFileSync(job.czml, "utf8"));
  const ds = await CzmlDataSource.load(czml);
  const res = {
    czml: job.czml,
    name: ds.name ?? null,
    clock: ds.clock ? [rel(ds.clock.startTime), rel(ds.clock.stopTime)] : null,
    entities: [],
  };
  for (const e of ds.entities.values) {
    const t0 = at(0);
    const r = {
      id: e.id,
      name: e.name ?? null,
      parent: e.parent ? e.parent.id : null,
      properties: {},
      availability: [],
      point: e.point !== undefined,
      label: e.label !== undefined,
      path: e.path !== undefined,
      ellipsoid: e.ellipsoid !== undefined,
      polyline: e.polyline ? e.polyline.positions.getValue(t0).length : 0,
      polygon: e.polygon ? e.polygon.hierarchy.getValue(t0).positions.length : 0,
      positions: [],
      radii: [],
      orientations: [],
    };
    if (e.properties) {
      for (const name of e.properties.propertyNames) {
        r.properties[name] = e.properties[name].getValue(t0);
      }
    }
    if (e.availability) {
      for (let i = 0; i < e.availability.length; i++) {
        const iv = e.availability.get(i);
        r.availability.push([rel(iv.start), rel(iv.stop)]);
      }
    }
    for (const s of job.probes[e.id] ?? []) {
      const t = at(s);
      const p = e.position ? e.position.getValue(t) : undefined;
      r.positions.push(p ? [p.x, p.y, p.z] : null);
      if (e.ellipsoid) {
        const v = e.ellipsoid.radii.getValue(t);
        r.radii.push(v ? [v.x, v.y, v.z] : null);
      }
      if (e.orientation) {
        const q = e.orientation.getValue(t);
        r.orientations.push(q ? [q.x, q.y, q.z, q.w] : null);
      }
    }
    res.entities.push(r);
  }
  out.push(res);
}
process.stdout.write(JSON.stringify(out) + "\n");
