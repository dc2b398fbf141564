// Original file: vigil/cases/v1/cases.proto


export interface Subject {
  'transactionId'?: (string);
  'deviceId'?: (string);
  'ip'?: (string);
  '_transactionId'?: "transactionId";
  '_deviceId'?: "deviceId";
  '_ip'?: "ip";
}

export interface Subject__Output {
  'transactionId'?: (string);
  'deviceId'?: (string);
  'ip'?: (string);
  '_transactionId'?: "transactionId";
  '_deviceId'?: "deviceId";
  '_ip'?: "ip";
}
