/**
 * The server model's public API (see docs/SERVER-MODEL.md): what IIS does with
 * the files when a site starts and a request arrives.
 *
 * - serverModel(appHostFile): pools, sites, bindings, applications, native
 *   modules and add-ons of an applicationHost.config;
 * - siteForRequest / resolveRequest: the site whose binding takes a host and
 *   port, the application of a URL path (longest application path);
 * - isInstalled(model, 'urlRewrite'): whether an add-on is installed (true,
 *   false, or undefined when the files cannot tell);
 * - modulesAt / handlersAt / selectHandler: the pipeline at a path.
 *
 * Layer: below analysis, above hierarchy; pure (no I/O), inputs are the parsed
 * files the caller read.
 */
export * from './serverModel';
export * from './bindings';
export * from './request';
export * from './pipeline';
export { appHostHierarchy } from '../hierarchy/chain';
