/** What a route tells the layout (router.tsx `handle`): the page's title, for document.title. */
export interface RouteHandle {
  title: string;
}

export const isRouteHandle = (handle: unknown): handle is RouteHandle =>
  typeof handle === 'object' && handle !== null && typeof (handle as { title?: unknown }).title === 'string';
