/**
 * VMX: Convert VMware Configuration to Topology — the server turns a VMware
 * `.vmx` VM configuration into a topology `vm` block; the result opens as a
 * new, unsaved topology document beside the original.
 */
import * as vscode from 'vscode';
import type { VmxLanguageClient } from '../language-client';
import { ConvertVmwareResult, Methods } from '../protocol';
import { targetVmxUri } from './target';

export async function convertVmware(client: VmxLanguageClient, output: vscode.OutputChannel, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = targetVmxUri(arg);
  if (!uri) {
    void vscode.window.showWarningMessage('VMX: open a VMware .vmx configuration to convert it.');
    return undefined;
  }
  try {
    const running = await client.ready();
    const r: unknown = await running.sendRequest(Methods.convertVmware, { uri: uri.toString() });
    const text = (r as Partial<ConvertVmwareResult> | null)?.text;
    if (typeof text !== 'string' || text.length === 0) {
      void vscode.window.showWarningMessage('VMX: this file is not a VMware VM configuration, nothing to convert.');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'vmx', content: text });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    return doc;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    output.appendLine(`conversion of ${uri.toString()} failed: ${msg}`);
    void vscode.window.showErrorMessage(`VMX: conversion failed: ${msg}`);
    return undefined;
  }
}
