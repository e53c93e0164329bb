import { recallInitiations, recallLevels, recallReasons } from "./recall";
import {
  certificateKinds,
  commitmentBases,
  commitmentCertificateForms,
  commitmentStatements,
  healthCertificateStates,
  legacyCommitmentBases,
  quarantineSubjects,
  signatureMethods,
  testReportConclusions,
} from "./certificate";
import { itemStatuses } from "./batch";
import { annualGrades, gradeColours, gradeFaces, inspectionBands } from "./grade";
import { foodBusinessCategories, foodLicenceKinds, foodProductionCategories } from "./identifiers/licence";
import { usccEntityTypes, usccRegistrationAuthorities } from "./identifiers/uscc";
import type { Label, Locale } from "./labels";
import { organisationKinds, weekdays } from "./organisation";
import { productCategories } from "./product-category";
import {
  qualitativeReadings,
  rapidTestCategories,
  rapidTestItems,
  rapidTestMethods,
  thresholdComparators,
} from "./rapid-test";
import { rapidTestOutcomes } from "./rapid-test-outcome";
import { rapidTestReadouts } from "./rapid-test-catalogue";
import { reportCategories, reportStatuses, reportTargetKinds, rewardTiers } from "./report";
import { quantityUnits } from "./unit";
import { voucherTypes } from "./voucher";

/**
 * Every enum of the package with its labels, keyed by the enum's schema name
 * (`ENUM_LABELS.ProductCategory.vegetable["zh-CN"]` → 蔬菜).
 */
export const ENUM_LABELS = {
  // identifiers
  UsccRegistrationAuthority: usccRegistrationAuthorities.labels,
  UsccEntityType: usccEntityTypes.labels,
  FoodLicenceKind: foodLicenceKinds.labels,
  FoodBusinessCategory: foodBusinessCategories.labels,
  FoodProductionCategory: foodProductionCategories.labels,
  // goods and vouchers
  ProductCategory: productCategories.labels,
  QuantityUnit: quantityUnits.labels,
  ItemStatus: itemStatuses.labels,
  VoucherType: voucherTypes.labels,
  // organisations
  OrganisationKind: organisationKinds.labels,
  Weekday: weekdays.labels,
  // certificates
  CertificateKind: certificateKinds.labels,
  CommitmentCertificateForm: commitmentCertificateForms.labels,
  CommitmentStatement: commitmentStatements.labels,
  CommitmentBasis: commitmentBases.labels,
  LegacyCommitmentBasis: legacyCommitmentBases.labels,
  SignatureMethod: signatureMethods.labels,
  QuarantineSubject: quarantineSubjects.labels,
  TestReportConclusion: testReportConclusions.labels,
  HealthCertificateState: healthCertificateStates.labels,
  // rapid tests
  RapidTestOutcome: rapidTestOutcomes.labels,
  RapidTestCategory: rapidTestCategories.labels,
  RapidTestItem: rapidTestItems.labels,
  RapidTestMethod: rapidTestMethods.labels,
  ThresholdComparator: thresholdComparators.labels,
  QualitativeReading: qualitativeReadings.labels,
  RapidTestReadout: rapidTestReadouts.labels,
  // grades
  InspectionBand: inspectionBands.labels,
  AnnualGrade: annualGrades.labels,
  GradeColour: gradeColours.labels,
  GradeFace: gradeFaces.labels,
  // recalls
  RecallLevel: recallLevels.labels,
  RecallInitiation: recallInitiations.labels,
  RecallReason: recallReasons.labels,
  // reports
  ReportTargetKind: reportTargetKinds.labels,
  ReportCategory: reportCategories.labels,
  ReportStatus: reportStatuses.labels,
  RewardTier: rewardTiers.labels,
} as const;

export type EnumName = keyof typeof ENUM_LABELS;
export type EnumValue<N extends EnumName> = keyof (typeof ENUM_LABELS)[N] & string;

/** The label of one enum value, e.g. `labelOf("OrganisationKind", "stall", "zh-CN")` → 摊位. */
export function labelOf<N extends EnumName>(enumName: N, value: EnumValue<N>, locale: Locale): string;
/** Untyped lookup (values from outside): undefined for an unknown enum or value. */
export function labelOf(enumName: string, value: string, locale: Locale): string | undefined;
export function labelOf(enumName: string, value: string, locale: Locale): string | undefined {
  if (!Object.hasOwn(ENUM_LABELS, enumName)) return undefined;
  const labels = ENUM_LABELS[enumName as EnumName] as Readonly<Record<string, Label>>;
  return Object.hasOwn(labels, value) ? labels[value]?.[locale] : undefined;
}
