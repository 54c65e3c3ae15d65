import { MongoClient } from 'mongodb';
async function main() {
  const c = await MongoClient.connect('mongodb://127.0.0.1:27101/');
  const db = c.db('h2probe5');
  await db.dropDatabase();
  const col = db.collection<any>('devices');
  let t = Date.now();
  for (let b = 0; b < 20; b++) {
    await col.bulkWrite(Array.from({ length: 500 }, (_, i) => ({ updateOne: { filter: { _id: `M-${b}-${i}` }, update: { $set: { mac: `M-${b}-${i}`, x: 1 } }, upsert: true } })));
  }
  console.log('10k upserts by _id ms', Date.now() - t);
  console.log(JSON.stringify(await col.find({ _id: 'M-3-4' }).explain()).slice(0, 300));
  t = Date.now();
  const r = await col.bulkWrite(Array.from({ length: 500 }, (_, i) => ({ updateOne: { filter: { _id: `M-7-${i}` }, update: { $set: { mac: `M-7-${i}`, x: 1 } }, upsert: true } })));
  console.log('500 no-op upserts ms', Date.now() - t, r.modifiedCount, r.matchedCount);
  await db.dropDatabase(); await c.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
