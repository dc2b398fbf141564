// Original file: vigil/cases/v1/cases.proto


export interface WhoAmIRequest {
}

export interface WhoAmIRequest__Output {
}
