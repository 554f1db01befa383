import type { ServiceDefinition } from '@cybertacotruck/platform';
import { inventoryMigrations } from './migrations';
import { VehiclesRepository } from './modules/vehicles/vehicles.repository';
import { vehiclesRoutes } from './modules/vehicles/vehicles.routes';
import { VehiclesService } from './modules/vehicles/vehicles.service';
import type { InventoryTables } from './tables';

export const inventoryService: ServiceDefinition = {
  name: 'inventory',
  description: 'Vehicles, live vehicle state, Tesla connections and the vehicle calendar',
  migrations: inventoryMigrations,
  routes: async (app, { ctx }) => {
    const db = ctx.db.kysely.withTables<InventoryTables>();
    await app.register(vehiclesRoutes, { vehicles: new VehiclesService(new VehiclesRepository(db)) });
  },
};
