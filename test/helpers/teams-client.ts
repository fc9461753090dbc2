/**
 * Activities shaped as Teams sends them (tenant, Entra object id, personal conversation, French
 * locale unless told), posted to a running bot whose replies go to `serviceUrl`.
 */
export function teamsClient(baseUrl: string, serviceUrl: string) {
  let counter = 0;
  const teams = (fields: Record<string, unknown>): Record<string, unknown> => ({
    id: `incoming-${++counter}`,
    channelId: 'msteams',
    serviceUrl,
    locale: 'fr-FR',
    timestamp: new Date().toISOString(),
    conversation: { id: 'a:1Xk-personal', conversationType: 'personal', tenantId: 'tenant-a' },
    from: { id: '29:1abc', name: 'Megan Bowen', aadObjectId: 'admin-a' },
    recipient: { id: '28:partner-bot', name: 'Partner Bot' },
    channelData: { tenant: { id: 'tenant-a' } },
    ...fields,
  });
  /** Posts an activity as it is (give it `teams(…)` to post the same activity twice). */
  const post = async (activity: Record<string, unknown>) => {
    const response = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return { teams, post, send: (fields: Record<string, unknown>) => post(teams(fields)) };
}
