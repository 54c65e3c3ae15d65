import { MongoClient } from 'mongodb';
async function main() {
  const c = await MongoClient.connect('mongodb://127.0.0.1:27101/');
  const db = c.db('h2probe6');
  await db.dropDatabase();
  const col = db.collection<any>('d');
  await col.createIndex({ mac: 1 }, { unique: true });
  await col.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: `K${i}`, mac: `K${i}`, x: 1, pad: 'p'.repeat(200) })));
  const time = async (label: string, f: (i: number) => Promise<unknown>) => { const t = Date.now(); for (let i = 0; i < 30; i++) await f(2900 + i); console.log(label, ((Date.now() - t) / 30).toFixed(1), 'ms'); };
  await time('findOne _id', (i) => col.findOne({ _id: `K${i}` }));
  await time('findOne mac', (i) => col.findOne({ mac: `K${i}` }));
  await time('updateOne _id noop', (i) => col.updateOne({ _id: `K${i}` }, { $set: { x: 1 } }, { upsert: true }));
  await time('updateOne mac noop', (i) => col.updateOne({ mac: `K${i}` }, { $set: { x: 1 } }, { upsert: true }));
  await time('updateOne _id change', (i) => col.updateOne({ _id: `K${i}` }, { $set: { x: 2 } }));
  await time('updateOne mac change', (i) => col.updateOne({ mac: `K${i}` }, { $set: { x: 3 } }));
  await db.dropDatabase(); await c.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
