/** What the simulator knows about each model: enough to make plausible ranges and charging. */
export type CarType = 'model3' | 'modely' | 'models' | 'modelx' | 'cybertruck';

export interface ModelSpec {
  carType: CarType;
  name: string;
  /** Usable pack energy, kWh. */
  packKwh: number;
  /** EPA rated range at 100 %, miles. */
  ratedRangeMi: number;
  trims: readonly string[];
  colors: readonly string[];
  wheels: readonly string[];
  /** Recommended cold tyre pressure, bar. */
  tyreBar: number;
}

export const CATALOG: Record<CarType, ModelSpec> = {
  model3: {
    carType: 'model3',
    name: 'Model 3',
    packKwh: 75,
    ratedRangeMi: 341,
    trims: ['74d', 'p74d', '50'],
    colors: ['PearlWhite', 'MidnightSilverMetallic', 'DeepBlueMetallic', 'SolidBlack', 'UltraRed'],
    wheels: ['Pinwheel18CapKit', 'Stiletto19', 'Photon18'],
    tyreBar: 2.9,
  },
  modely: {
    carType: 'modely',
    name: 'Model Y',
    packKwh: 75,
    ratedRangeMi: 320,
    trims: ['74d', 'p74d', '50'],
    colors: [
      'PearlWhite',
      'StealthGrey',
      'DeepBlueMetallic',
      'SolidBlack',
      'UltraRed',
      'QuicksilverMetallic',
    ],
    wheels: ['Gemini19', 'Induction20', 'Apollo19'],
    tyreBar: 2.9,
  },
  models: {
    carType: 'models',
    name: 'Model S',
    packKwh: 95,
    ratedRangeMi: 402,
    trims: ['100d', 'plaid'],
    colors: ['PearlWhite', 'MidnightSilverMetallic', 'SolidBlack', 'UltraRed'],
    wheels: ['Tempest19', 'Arachnid21'],
    tyreBar: 2.9,
  },
  modelx: {
    carType: 'modelx',
    name: 'Model X',
    packKwh: 95,
    ratedRangeMi: 335,
    trims: ['100d', 'plaid'],
    colors: ['PearlWhite', 'DeepBlueMetallic', 'SolidBlack'],
    wheels: ['Cyberstream20', 'Turbine22'],
    tyreBar: 2.9,
  },
  cybertruck: {
    carType: 'cybertruck',
    name: 'Cybertruck',
    packKwh: 123,
    ratedRangeMi: 318,
    trims: ['awd', 'cyberbeast'],
    colors: ['StainlessSteel'],
    wheels: ['CyberTruck20AllTerrain'],
    tyreBar: 3.4,
  },
};

/** Firmware versions handed out to the seeded fleet (car_version format). */
export const SOFTWARE_VERSIONS = [
  '2024.44.25.3 2f5ad9e8a04b',
  '2025.2.6 7f8dbf7c1d06',
  '2025.8.3 3d3b7e5c1a9f',
];

export const DISPLAY_NAMES = [
  'Taco Tuesday',
  'Blue Thunder',
  'Midnight Runner',
  'Sparky',
  'The Wedge',
  'Silver Bullet',
  'Road Runner',
  'Lightning',
  'Volt Ron',
  'Electra',
  'Zappy',
  'Nachos',
];
