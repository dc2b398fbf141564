// Original file: vigil/cases/v1/cases.proto


export interface AccountActionResponse {
  /**
   * commandId of the accounts.commands.v1 record that will be published.
   */
  'commandId'?: (string);
}

export interface AccountActionResponse__Output {
  /**
   * commandId of the accounts.commands.v1 record that will be published.
   */
  'commandId': (string);
}
