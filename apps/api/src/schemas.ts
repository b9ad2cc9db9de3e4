import { z } from 'zod';
import { clientMargin } from '@marginkit/client-margin';
import { VAR_PARAM_KEYS } from '@marginkit/risk-engine';
import { VERSION_ID } from './rpf-store';

/**
 * Request and response shapes. Requests are strict: an unknown field (`multipler`) is a 400
 * naming its path, never ignored. Numbers arrive exact (body-json.ts): integers as JSON numbers,
 * decimals as strings, read downstream by the packages without a binary float. The OpenAPI
 * document is generated from these schemas.
 */

// ---------- request pieces ----------

const integerText = /^[+-]?\d+$/;
/** Plain positive decimal text, as the client rules accept it (no sign, exponent or separators). */
const decimalText = /^\d+(?:\.\d+)?$/;

export const Quantity = z
  .union([z.int(), z.string().regex(integerText, { error: 'must be a whole number of contracts' })], {
    error: 'must be a whole number of contracts (+ long, − short): a JSON integer or integer text',
  })
  .describe('signed whole number of contracts: + long, − short');

/** A client-margin setting, checked by the client rules' own validation. */
const clientSetting = (setting: 'multiplier' | 'maintenanceRatio', example: string) =>
  z
    .union(
      [z.string().regex(decimalText, { error: `must be plain decimal text such as "${example}" (no sign, exponent or separators)` }), z.int().nonnegative()],
      { error: `must be a decimal string such as "${example}"` },
    )
    .transform(String)
    .superRefine((v, ctx) => {
      const checked = clientMargin([], { [setting]: v });
      if (!checked.ok) for (const e of checked.errors) ctx.addIssue({ code: 'custom', message: e.message });
    });

const Multiplier = clientSetting('multiplier', '1.33').describe('client margin multiplier, a positive decimal string (default "1.33")');
const MaintenanceRatio = clientSetting('maintenanceRatio', '0.8').describe('client maintenance ratio from 0 to 1, a decimal string (default "0.8")');
const Basis = z.enum(['net', 'gross']);
const CcCode = z.string().regex(/^[A-Z0-9]{0,6}$/, { error: 'must be a CC code of 1-6 capital letters or digits (e.g. FEXXX), or empty' });
const SeriesCode = z
  .string()
  .trim()
  .min(1, { error: 'is missing (an HKEX series code such as XXXM8 or HEX165.00U7)' })
  .max(64)
  .describe('HKEX series code (XXXM8, XXX17400R8, HEX165.00U7) or an RPF series key');
const Account = z.string().trim().min(1, { error: 'must not be empty' }).max(128);
const RpfId = z.string().regex(VERSION_ID, { error: 'must be an RPF version id (16 hex digits, from GET /v1/rpf)' });

export const PositionSchema = z
  .strictObject({
    account: Account.optional().describe("the account; default: the request's `account`"),
    cc: CcCode.optional().describe('CC code; empty or absent: the catalogue finds it'),
    series: SeriesCode,
    quantity: Quantity,
    basis: Basis.optional().describe("overrides the request's basis for this account (all its rows must agree)"),
    multiplier: Multiplier.optional().describe("overrides the request's multiplier for this account"),
  })
  .meta({ id: 'Position' });

const MAX_POSITIONS = 100_000;

const primeRequest = {
  basis: Basis.default('net').describe('basis of accounts whose rows give none'),
  multiplier: Multiplier.optional(),
  maintenanceRatio: MaintenanceRatio.optional(),
  rpfId: RpfId.optional().describe('the RPF version to margin with; default: the active one'),
};

export const DEFAULT_ACCOUNT = 'portfolio';

export const MarginRequestSchema = z
  .strictObject({
    positions: z.array(PositionSchema).max(MAX_POSITIONS),
    account: Account.default(DEFAULT_ACCOUNT).describe('account of positions that name none'),
    ...primeRequest,
    view: z.enum(['full', 'summary']).default('full').describe('full: the calculation sheet of cli-contract.md; summary: the totals only'),
    skipUnknown: z.boolean().default(false).describe('leave out positions whose series cannot be margined (listed in skippedPositions) instead of failing'),
  })
  .meta({ id: 'MarginRequest' });

export const TradeSchema = z
  .strictObject({
    cc: CcCode.optional(),
    series: SeriesCode,
    quantity: z
      .int({ error: 'must be a whole number of contracts (+ buy, − sell)' })
      .refine((q) => q !== 0, { error: 'a trade of 0 contracts changes nothing' }),
  })
  .meta({ id: 'Trade' });

export const WhatIfRequestSchema = z
  .strictObject({
    positions: z.array(PositionSchema).max(MAX_POSITIONS).describe("the account's positions before the trades (may be empty)"),
    trades: z.array(TradeSchema).min(1).max(1000).describe('applied in order'),
    account: Account.optional().describe('the account (needed when the positions hold several)'),
    ...primeRequest,
  })
  .meta({ id: 'WhatIfRequest' });

/** Decimal text (exactly as written) or a whole JSON number. */
const DecimalInput = z.union([z.string(), z.int()], { error: 'must be a decimal string such as "-1234.50" (or a whole number)' }).transform(String);

export const VarPositionSchema = z
  .strictObject({
    instrument: z.string().trim().min(1).max(64).regex(/^\S+$/, { error: 'must be an instrument id without blanks' }),
    quantity: Quantity,
    contractValue: DecimalInput.describe('HKD, a decimal string'),
    marketValue: DecimalInput.describe('HKD, a decimal string (quantity × price)'),
  })
  .meta({ id: 'VarPosition' });

// The parameter names come from the engine's own list; their values are checked by the engine
// (parseVarParams), which knows which are required and which are fractions.
const ParamValue = z.union([z.string(), z.int(), z.null(), z.array(z.union([z.string(), z.int()]))]);
export const VarParamsSchema = z
  .strictObject(Object.fromEntries(VAR_PARAM_KEYS.map((k) => [k, ParamValue.optional()])) as Record<(typeof VAR_PARAM_KEYS)[number], z.ZodOptional<typeof ParamValue>>)
  .describe('CP parameters of var-platform.md: decimal strings (or whole numbers); ipo a list of instrument ids')
  .meta({ id: 'VarParams' });

export const VarRequestSchema = z
  .strictObject({
    positions: z.array(VarPositionSchema).max(MAX_POSITIONS),
    params: VarParamsSchema,
  })
  .meta({ id: 'VarRequest' });

export const UploadQuerySchema = z.strictObject({
  fileName: z
    .string()
    .regex(/^(?!\.)[A-Za-z0-9._-]{1,160}$/, { error: 'must be a plain file name (letters, digits, . _ -)' })
    .optional()
    .describe('the file name (HKEX names are checked against the header); .zip = an RPF_yymmdd.zip. Default: upload.lis, or upload.zip for a zip'),
  kind: z.enum(['final', 'early', 'intraday']).optional().describe('which file of a zip (default: final, else early, else the latest intra-day)'),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):?[0-5]\d$/, { error: 'must be a time HHMM' })
    .optional()
    .describe('which intra-day file of a zip, HHMM'),
  catalogue: z.string().regex(/^[0-9a-f]{16}$/, { error: 'must be a catalogue id (16 hex digits)' }).optional().describe('id of an uploaded catalogue; default: the configured one'),
  activate: z.enum(['true', 'false']).default('true').transform((v) => v === 'true').describe('make the new version active (default true)'),
});

export const CatalogueQuerySchema = z.strictObject({
  fileName: z
    .string()
    .regex(/^(?!\.)[A-Za-z0-9._-]{1,160}\.(csv|json)$/i, { error: 'must be a plain file name ending .csv or .json' })
    .default('catalogue.csv')
    .describe('its extension picks the format (CSV or JSON)'),
});

export const IdParamsSchema = z.strictObject({ id: RpfId });

// ---------- responses (documentation; the margin documents are sent pre-serialised) ----------

const Money = z.string().describe('exact decimal string');

export const RpfBlockSchema = z
  .object({
    id: z.string().describe('the RPF version id'),
    kind: z.enum(['final', 'early', 'intraday']),
    businessDate: z.string(),
    businessTime: z.string(),
    fileName: z.string().nullable(),
  })
  .meta({ id: 'RpfBlock' });

export const RpfVersionSchema = z
  .object({
    id: z.string(),
    active: z.boolean(),
    source: z.enum(['config', 'upload']),
    kind: z.enum(['final', 'early', 'intraday']),
    businessDate: z.string(),
    businessTime: z.string(),
    fileName: z.string().describe('the RPF file (.lis, or the entry chosen from a zip)'),
    upload: z.object({ fileName: z.string(), sha256: z.string(), bytes: z.int() }),
    pick: z.object({ kind: z.enum(['final', 'early', 'intraday']).optional(), time: z.string().optional() }),
    catalogue: z.string().describe('id of the catalogue it is read with'),
    combinedCommodities: z.int(),
    series: z.int(),
    seriesNotMarginable: z.int().describe('series whose commodity the catalogue lacks, or with no HKD rate'),
    warnings: z.array(z.string()),
    uploadedAt: z.string(),
  })
  .meta({ id: 'RpfVersion' });

export const RpfListSchema = z.object({ active: z.string(), versions: z.array(RpfVersionSchema) }).meta({ id: 'RpfVersions' });

export const CatalogueInfoSchema = z
  .object({
    id: z.string(),
    source: z.enum(['config', 'upload']),
    fileName: z.string(),
    sha256: z.string(),
    bytes: z.int(),
    contracts: z.int(),
    uploadedAt: z.string(),
  })
  .meta({ id: 'Catalogue' });

export const CatalogueListSchema = z.object({ default: z.string(), catalogues: z.array(CatalogueInfoSchema) }).meta({ id: 'Catalogues' });

const ClientSummary = z
  .object({
    multiplier: Money,
    totals: z.array(z.object({ clearingHouse: z.string(), currency: z.string(), total: Money, maintenance: Money })),
    total: Money.describe('whole HKD'),
    maintenance: Money,
    maintenanceRatio: Money,
  })
  .loose();

export const MarginDocumentSchema = z
  .object({
    schemaVersion: z.literal(1),
    rpf: RpfBlockSchema,
    accounts: z.array(
      z
        .object({
          account: z.string(),
          basis: Basis,
          clearingHouseTotalHkd: Money,
          clearingHouses: z.array(z.object({ clearingHouse: z.string(), currency: z.string(), requirement: Money }).loose()),
          client: ClientSummary,
        })
        .loose(),
    ),
    skippedPositions: z.array(z.object({ reason: z.string(), account: z.string(), field: z.string(), value: z.string(), message: z.string() }).loose()),
  })
  .describe('cli-contract.md `margin --format json` (view full: with each clearing house\'s combinedCommodities and sides, and the client\'s per-CC figures), plus the RPF version id')
  .meta({ id: 'MarginDocument' });

export const WhatIfDocumentSchema = z
  .object({
    schemaVersion: z.literal(1),
    rpf: RpfBlockSchema,
    account: z.string(),
    basis: Basis,
    steps: z.array(
      z.object({
        trade: z.object({ cc: z.string(), series: z.string(), quantity: z.int() }).nullable(),
        clearingHouseTotalHkd: Money,
        clientTotal: Money.optional(),
        incrementalClearingHouse: Money.optional(),
        incrementalClient: Money.optional(),
      }),
    ),
    marginBenefit: z.object({ clearingHouse: Money, client: Money.optional() }),
  })
  .describe('cli-contract.md `whatif` JSON, plus the RPF version id')
  .meta({ id: 'WhatIfDocument' });

export const VarDocumentSchema = z
  .object({
    schemaVersion: z.literal(1),
    rpf01: z.object({ fileName: z.string() }),
    valuationDate: z.string(),
    portfolioMargin: Money,
    total: Money,
  })
  .loose()
  .describe('cli-contract.md `var --format json`, plus the RPF01 file it came from')
  .meta({ id: 'VarDocument' });

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadySchema = z.object({ status: z.enum(['ready', 'shutting-down']), rpf: z.string().optional() });

export type MarginRequest = z.output<typeof MarginRequestSchema>;
export type WhatIfRequest = z.output<typeof WhatIfRequestSchema>;
export type VarRequest = z.output<typeof VarRequestSchema>;
