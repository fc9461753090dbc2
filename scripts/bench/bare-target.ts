import restify from 'restify';

/** Baseline: a bare restify handler answering like a bot would, with no Bot Framework at all. */
const server = restify.createServer({ handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.get('/healthz', async (_req, res) => {
  res.json(200, { status: 'ok' });
});
server.post('/api/messages', async (req, res) => {
  const body = req.body as { conversation?: { id?: string } };
  res.json(200, { activities: [{ type: 'message', text: 'ok', conversation: body.conversation }] });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1');
