/** A MongoDB index the product needs; every module that owns a collection exports a list of these. */
export interface IndexSpec {
  collection: string;
  key: Record<string, 1 | -1>;
  name: string;
  unique?: boolean;
}
