// kraken-mcp's serverInfo, as its initialize answer gives it (test/fixtures/kraken-mcp/initialize-response.json):
// FastMCP("Kraken Pro MCP") in kraken-server.py, and FastMCP's own version.

export const KRAKEN_MCP_SERVER_INFO = { name: 'Kraken Pro MCP', version: '4.0.10' } as const;
