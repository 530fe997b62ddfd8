// kraken-mcp's interface, as data: its 17 tool definitions exactly as kraken-mcp (oilst/kraken-mcp
// e7f813f, FastMCP 4.0.10) lists them in its tools/list answer (test/fixtures/kraken-mcp/tools-list.json).
// Folder rule: main/kraken-mcp/ holds what kraken-mcp publishes and imports nothing of ours; the
// policy's argument check (gate/policy) and the paper exchange (an implementation of it) both read it.
// Agents and the gate pin these definitions, so the paper stand-in must be indistinguishable: do not
// edit by hand, re-copy from a new capture instead. A .ts module (not .json) so it loads the same
// from source and dist/.

/** One property of an input schema. kraken-mcp only uses these keywords. */
export interface JsonSchemaProperty {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'null';
  enum?: string[];
  anyOf?: JsonSchemaProperty[];
  default?: unknown;
}

export interface ToolInputSchema {
  type: 'object';
  properties: Record<string, JsonSchemaProperty>;
  required?: string[];
  additionalProperties: false;
}

export interface KrakenToolDefinition {
  name: string;
  title: string;
  /** Absent on closed_orders in the real server, and so here. */
  description?: string;
  inputSchema: ToolInputSchema;
  outputSchema: { type: 'object'; additionalProperties: true };
  _meta: Record<string, unknown>;
}

export const KRAKEN_MCP_TOOLS: readonly KrakenToolDefinition[] = [
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Place a new Kraken Spot order (REST AddOrder).\n\nNOTE: `validate=True` (default) will *not* execute the order; it only validates.\nSet `validate=False` to actually place the order.",
    "inputSchema": {
      "properties": {
        "pair": {
          "type": "string"
        },
        "side": {
          "enum": [
            "buy",
            "sell"
          ],
          "type": "string"
        },
        "ordertype": {
          "default": "limit",
          "enum": [
            "market",
            "limit",
            "stop-loss",
            "take-profit",
            "stop-loss-limit",
            "take-profit-limit",
            "trailing-stop",
            "trailing-stop-limit"
          ],
          "type": "string"
        },
        "volume": {
          "default": 0,
          "type": "number"
        },
        "price": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "price2": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "timeinforce": {
          "anyOf": [
            {
              "enum": [
                "GTC",
                "IOC",
                "GTD"
              ],
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "userref": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "cl_ord_id": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "validate": {
          "default": true,
          "type": "boolean"
        }
      },
      "required": [
        "pair",
        "side"
      ],
      "type": "object",
      "additionalProperties": false
    },
    "name": "add_order",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Add Order"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Cancel a particular open order (or set of orders).\nYou can pass a Kraken order txid OR a userref (to cancel all with that userref).",
    "inputSchema": {
      "properties": {
        "txid_or_userref": {
          "type": "string"
        }
      },
      "required": [
        "txid_or_userref"
      ],
      "type": "object",
      "additionalProperties": false
    },
    "name": "cancel_order",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Cancel Order"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Fetch open orders. Optionally filter by userref and include `trades` detail.",
    "inputSchema": {
      "properties": {
        "userref": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "trades": {
          "default": false,
          "type": "boolean"
        }
      },
      "type": "object",
      "additionalProperties": false
    },
    "name": "open_orders",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Open Orders"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Atomic amend in-place (keeps identifiers & queue priority where possible).\nYou MUST provide one identifier (order_id or cl_ord_id) and at least one\namendable field (order_qty, limit_price, trigger_price, display_qty).",
    "inputSchema": {
      "properties": {
        "order_id": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "cl_ord_id": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "order_qty": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "limit_price": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "trigger_price": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "display_qty": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "post_only": {
          "anyOf": [
            {
              "type": "boolean"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        }
      },
      "type": "object",
      "additionalProperties": false
    },
    "name": "amend_order",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Amend Order"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Dead man's switch: set countdown to cancel ALL your orders after `timeout_seconds`.\nPass 0 to disable the switch.",
    "inputSchema": {
      "properties": {
        "timeout_seconds": {
          "type": "integer"
        }
      },
      "required": [
        "timeout_seconds"
      ],
      "type": "object",
      "additionalProperties": false
    },
    "name": "cancel_all_orders_after",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Cancel All Orders After"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Kraken server time (UTC).",
    "inputSchema": {
      "properties": {},
      "type": "object",
      "additionalProperties": false
    },
    "name": "server_time",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Server Time"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Current system status / trading mode.",
    "inputSchema": {
      "properties": {},
      "type": "object",
      "additionalProperties": false
    },
    "name": "system_status",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "System Status"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Asset metadata. Example assets: 'XBT,ETH,USDT'\naclass (optional): 'currency' (default) or other classes per Kraken.",
    "inputSchema": {
      "properties": {
        "assets": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "aclass": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        }
      },
      "type": "object",
      "additionalProperties": false
    },
    "name": "asset_info",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Asset Info"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Tradable pairs & metadata. Example pairs: 'XBTUSD,ETHUSD'.\ninfo (optional): 'info', 'leverage', 'fees', 'margin', etc.",
    "inputSchema": {
      "properties": {
        "pairs": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "info": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        }
      },
      "type": "object",
      "additionalProperties": false
    },
    "name": "tradable_asset_pairs",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Tradable Asset Pairs"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Level-1 ticker stats. Leave `pairs` None to get ALL.\nExample: 'XBTUSD,ETHUSD'",
    "inputSchema": {
      "properties": {
        "pairs": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        }
      },
      "type": "object",
      "additionalProperties": false
    },
    "name": "ticker",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Ticker"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "OHLC candles.\ninterval (minutes): 1, 5, 15, 30, 60, 240, 1440, 10080, 21600\nsince: optional Unix timestamp (seconds) or last id from a previous call.",
    "inputSchema": {
      "properties": {
        "pair": {
          "type": "string"
        },
        "interval": {
          "default": 1,
          "type": "integer"
        },
        "since": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        }
      },
      "required": [
        "pair"
      ],
      "type": "object",
      "additionalProperties": false
    },
    "name": "ohlc",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Ohlc"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "L2 order book (aggregated per price level).\ncount: optional max levels per side.",
    "inputSchema": {
      "properties": {
        "pair": {
          "type": "string"
        },
        "count": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        }
      },
      "required": [
        "pair"
      ],
      "type": "object",
      "additionalProperties": false
    },
    "name": "order_book",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Order Book"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Recent trades. Use the returned 'last' field as your next `since`.",
    "inputSchema": {
      "properties": {
        "pair": {
          "type": "string"
        },
        "since": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        }
      },
      "required": [
        "pair"
      ],
      "type": "object",
      "additionalProperties": false
    },
    "name": "recent_trades",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Recent Trades"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Recent top-of-book spreads (bid/ask).",
    "inputSchema": {
      "properties": {
        "pair": {
          "type": "string"
        },
        "since": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        }
      },
      "required": [
        "pair"
      ],
      "type": "object",
      "additionalProperties": false
    },
    "name": "recent_spreads",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Recent Spreads"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Get Account Balance: all cash balances, net of pending withdrawals.",
    "inputSchema": {
      "properties": {},
      "type": "object",
      "additionalProperties": false
    },
    "name": "account_balance",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Account Balance"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "inputSchema": {
      "properties": {
        "trades": {
          "default": false,
          "type": "boolean"
        },
        "userref": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "start": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "end": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "ofs": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "closetime": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "consolidate_taker": {
          "anyOf": [
            {
              "type": "boolean"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "without_count": {
          "anyOf": [
            {
              "type": "boolean"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "cl_ord_id": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "rebase_multiplier": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        }
      },
      "type": "object",
      "additionalProperties": false
    },
    "name": "closed_orders",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Closed Orders"
  },
  {
    "_meta": {
      "fastmcp": {
        "tags": []
      }
    },
    "description": "Get Trades History (fills). 50 results per page, newest first.",
    "inputSchema": {
      "properties": {
        "type": {
          "default": "all",
          "enum": [
            "all",
            "any position",
            "closed position",
            "closing position",
            "no position"
          ],
          "type": "string"
        },
        "start": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "end": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "ofs": {
          "anyOf": [
            {
              "type": "integer"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "consolidate_taker": {
          "anyOf": [
            {
              "type": "boolean"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "ledgers": {
          "anyOf": [
            {
              "type": "boolean"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        },
        "rebase_multiplier": {
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null
        }
      },
      "type": "object",
      "additionalProperties": false
    },
    "name": "trades_history",
    "outputSchema": {
      "type": "object",
      "additionalProperties": true
    },
    "title": "Trades History"
  }
];
