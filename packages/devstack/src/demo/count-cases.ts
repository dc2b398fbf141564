import type { CasesClient } from '@vigil/protos';

/** Every case the stack holds (any status), by paging ListCases; stops at `maxPages`. */
export async function countCases(client: CasesClient, maxPages = 100): Promise<number> {
  let total = 0;
  let pageToken = '';
  for (let page = 0; page < maxPages; page += 1) {
    const response = await client.listCases({ pageSize: 200, pageToken });
    total += response.cases.length;
    if (response.nextPageToken === '') break;
    pageToken = response.nextPageToken;
  }
  return total;
}
