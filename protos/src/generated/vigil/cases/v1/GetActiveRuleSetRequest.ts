// Original file: vigil/cases/v1/cases.proto


export interface GetActiveRuleSetRequest {
}

export interface GetActiveRuleSetRequest__Output {
}
