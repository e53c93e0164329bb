/** One Ajv error of the generated validator. */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
/** GS1's EPCIS 2.0 JSON schema as a standalone Ajv validator; errors land on `validate.errors`. */
export declare const validate: ((data: unknown) => boolean) & { errors?: AjvError[] | null };
export default validate;
