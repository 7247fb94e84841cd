// The misec extension: starts `misec lsp` (the path is the `misec.path`
// setting) and lets it handle .misec files and, when `misec.checkJson` is on,
// Azure JSON files. Highlighting is the TextMate grammar alone.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function startClient(context) {
  const config = vscode.workspace.getConfiguration("misec");
  const command = config.get("path") || "misec";
  const selector = [{ language: "misec" }];
  if (config.get("checkJson")) {
    selector.push({ language: "json", pattern: "**/*.json" });
    selector.push({ language: "jsonc", pattern: "**/*.json" });
  }
  const serverOptions = {
    command,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: selector,
    initializationOptions: {
      profile: config.get("profile") || "",
      config: config.get("config") || "",
    },
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/.misec.yaml"),
    },
  };
  client = new LanguageClient("misec", "misec", serverOptions, clientOptions);
  return client.start().catch((err) => {
    vscode.window.showErrorMessage(
      `misec: cannot start \`${command} lsp\` (${err.message}); set \`misec.path\` to the misec executable`
    );
  });
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("misec") && client) {
        await client.stop();
        await startClient(context);
      }
    })
  );
  await startClient(context);
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
