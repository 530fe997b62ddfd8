// Approvals from the phone (issue 25), measured through the real gateway, paper exchange and an SDK
// agent, with grammY against the Bot API stand-in on 127.0.0.1:
//  - what the phone channel costs the agent's calls: an allowed read (ticker) and a held order the
//    CLI approves, without a phone (the baseline, same run), with Telegram up, slow (30 s an answer)
//    and down: the ratio to the baseline is the figure;
//  - how soon the person's phone hears of a held order (hold → sendMessage reached Telegram), and
//    how soon a tap gets the order to the exchange (tap queued → the agent has the exchange's answer).
// `npm run bench:phone`; BENCH_PHONE=N rounds (default 100).
import { startBotApiStandIn, type BotApiStandIn } from '../fixtures/telegram/bot-api-standin.js';
import { callTool, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { fmt, percentile } from './stats.js';

const ROUNDS = Number(process.env.BENCH_PHONE ?? 100);
const TOKEN = '7012345678:AAHk-bench-token-for-the-stand-in_01';
const alice = { id: 4242, first_name: 'Alice', username: 'alice' };
const order = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.0001, price: '40000', validate: false };

type Scenario = 'no phone' | 'Telegram up' | 'Telegram slow (30 s)' | 'Telegram down';

async function gatewayFor(scenario: Scenario): Promise<{ gw: TestGateway; telegram?: BotApiStandIn }> {
  const gw = await startTestGateway({ presence: 'off', phone: { pollTimeoutS: 5, firstBackoffMs: 200, maxBackoffMs: 2000 } });
  if (scenario === 'no phone') return { gw };
  const telegram = await startBotApiStandIn({ token: TOKEN, defaultTimeoutMs: 15_000 });
  await gw.api.phoneSetup({ token: TOKEN, apiRoot: telegram.url });
  const started = await gw.api.phonePair({});
  if (!started.ok) throw new Error(started.message);
  telegram.userSends(alice, `/pair ${started.pairCode}`);
  await telegram.nextMessage((m) => m.text.startsWith('Paired'));
  if (scenario === 'Telegram slow (30 s)') telegram.setMode({ slowMs: 30_000 });
  if (scenario === 'Telegram down') telegram.setMode('down');
  return { gw, telegram };
}

interface Costs {
  reads: number[];
  approved: number[];
}

/**
 * Milliseconds of each call, sorted, per scenario. The scenarios take turns call by call, so a
 * machine that gets busier or quieter meanwhile weighs on all of them alike.
 */
async function agentCosts(gateways: ReadonlyArray<{ gw: TestGateway }>): Promise<Costs[]> {
  const agents = await Promise.all(gateways.map(({ gw }) => gw.connect({ name: 'bench-phone' })));
  const costs: Costs[] = gateways.map(() => ({ reads: [], approved: [] }));
  for (let i = 0; i < ROUNDS; i++) {
    for (const [index, { gw }] of gateways.entries()) {
      const agent = agents[index]!;
      let started = performance.now();
      await callTool(agent, 'ticker', { pair: 'XBTUSD' });
      costs[index]!.reads.push(performance.now() - started);
      started = performance.now();
      const held = new Promise<string>((resolve) => {
        const dispose = gw.gate.approvals.onDidAdd((pending) => (dispose(), resolve(pending.id)));
      });
      const call = callTool(agent, 'add_order', order);
      await gw.api.approve({ id: await held });
      await call;
      costs[index]!.approved.push(performance.now() - started);
    }
  }
  for (const cost of costs) for (const samples of [cost.reads, cost.approved]) samples.sort((a, b) => a - b);
  return costs;
}

/** Hold → the card's sendMessage reached Telegram; tap → the agent had the exchange's answer. */
async function phoneTimes(gw: TestGateway, telegram: BotApiStandIn): Promise<{ toPhone: number[]; tapToExchange: number[] }> {
  const agent = await gw.connect({ name: 'bench-phone' });
  const toPhone: number[] = [];
  const tapToExchange: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let heldAt = 0;
    const held = new Promise<string>((resolve) => {
      const dispose = gw.gate.approvals.onDidAdd((pending) => {
        heldAt = Date.now();
        dispose();
        resolve(pending.id);
      });
    });
    const call = callTool(agent, 'add_order', order);
    const id = await held;
    const card = await telegram.nextMessage((m) => m.text.includes(id));
    toPhone.push(card.sentAt - heldAt);
    const tappedAt = performance.now();
    telegram.userTapsButton(alice, card, 'Approve');
    await call;
    tapToExchange.push(performance.now() - tappedAt);
  }
  return { toPhone: toPhone.sort((a, b) => a - b), tapToExchange: tapToExchange.sort((a, b) => a - b) };
}

const ms = (value: number) => fmt(value).replace(/ ms$/, '');

const line = (label: string, samples: number[], base?: number[]) => {
  const median = percentile(samples, 50);
  const ratio = base ? `  ×${(median / percentile(base, 50)).toFixed(2)} of no phone` : '';
  return `  ${label.padEnd(34)} median ${ms(median)} ms  p95 ${ms(percentile(samples, 95))} ms${ratio}`;
};

const SCENARIOS = ['no phone', 'Telegram up', 'Telegram slow (30 s)', 'Telegram down'] as const;

async function main(): Promise<void> {
  console.log(`phone channel, ${ROUNDS} rounds (real gateway, paper exchange, grammY → Bot API stand-in on 127.0.0.1)`);
  const gateways = await Promise.all(SCENARIOS.map((scenario) => gatewayFor(scenario)));
  try {
    const costs = await agentCosts(gateways);
    const baseline = costs[0]!;
    for (const [index, scenario] of SCENARIOS.entries()) {
      console.log(`${scenario}: phone ${gateways[index]!.gw.gate.status().phone?.state ?? 'off'}`);
      console.log(line('agent: ticker (allowed)', costs[index]!.reads, index === 0 ? undefined : baseline.reads));
      console.log(line('agent: add_order, CLI approves', costs[index]!.approved, index === 0 ? undefined : baseline.approved));
    }
  } finally {
    await closeAll(gateways);
  }
  // A fresh gateway: the orders above count against the day's cap, and past half of it an order is
  // unusual, which the phone does not approve with one tap.
  const fresh = await gatewayFor('Telegram up');
  try {
    const times = await phoneTimes(fresh.gw, fresh.telegram!);
    console.log('Telegram up, the person deciding on the phone:');
    console.log(line('hold → card reached Telegram', times.toPhone));
    console.log(line('tap → agent has the exchange answer', times.tapToExchange));
  } finally {
    await closeAll([fresh]);
  }
}

async function closeAll(gateways: ReadonlyArray<{ gw: TestGateway; telegram?: BotApiStandIn }>): Promise<void> {
  for (const { gw, telegram } of gateways) {
    await gw.close().catch(() => undefined);
    await telegram?.close();
  }
}

await main();
