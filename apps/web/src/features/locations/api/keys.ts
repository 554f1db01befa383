export const locationKeys = {
  all: ['locations'] as const,
  list: (archived: boolean) => ['locations', 'list', { archived }] as const,
  detail: (id: string) => ['locations', 'detail', id] as const,
};
