// The order log a section inside the Analytics panel works on: the bundled one until the panel
// announces another (an uploaded log, or the bundled one again) with an `orders-changed` event.

/**
 * Reads the bundled order log in the worker and follows the Analytics panel's choice. Returns
 * `{ ids, orders }` (customer ids; the log's columns for the worker), kept current; `onChange`
 * runs after each switch.
 */
export async function followOrderLog(root, call, onChange) {
  const log = { ids: [], orders: {} };
  const use = ({ ids, columns, issues, ...orders }) => {
    log.ids = ids;
    log.orders = orders;
  };
  use(await call('importOrders', { text: await (await fetch('./data/orders.csv')).text() }));
  root.closest('#panel-analytics')?.addEventListener('orders-changed', (ev) => {
    use(ev.detail);
    onChange();
  });
  return log;
}
