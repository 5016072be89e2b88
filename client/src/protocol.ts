/**
 * The custom requests and notifications between this client and the VMX
 * language server: the shared definition in core/src/protocol.ts.
 */
export * from '../../core/src/protocol';
