// Lambda: the environment's functions, their URLs and resource policies.
import type { PermissionScope, PermissionTable } from './types';
import { environmentTags, keyUseThrough, passRoleTo, regional } from './types';

const functions = (scope: PermissionScope) => [regional(scope, 'lambda', `function:${scope.namePrefix}-*`)];

/** Event source mappings are named by a UUID: they are held to the environment by the function they invoke. */
const ofEnvironmentFunctions = (scope: PermissionScope) => ({
  ArnLike: { 'lambda:FunctionArn': functions(scope)[0] as string },
});

/** Statement id of CreateEventSourceMapping, which names no resource (see DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE). */
export const CREATE_EVENT_SOURCE_MAPPING_SID = 'CreateEventSourceMappingsForEnvironmentFunctions';

export const lambdaPermissions: PermissionTable = {
  aws_lambda_function: {
    sid: 'ManageEnvironmentFunctions',
    resources: functions,
    create: ['lambda:CreateFunction'],
    read: [
      'lambda:GetFunction',
      'lambda:GetFunctionConfiguration',
      'lambda:GetFunctionCodeSigningConfig',
      'lambda:GetFunctionConcurrency',
      'lambda:GetRuntimeManagementConfig',
      'lambda:ListVersionsByFunction',
      'lambda:ListTags',
    ],
    update: [
      'lambda:UpdateFunctionCode',
      'lambda:UpdateFunctionConfiguration',
      'lambda:PutFunctionConcurrency',
      'lambda:DeleteFunctionConcurrency',
    ],
    delete: ['lambda:DeleteFunction'],
    tag: ['lambda:TagResource', 'lambda:UntagResource'],
    // A function in a VPC: Lambda checks the caller can see its subnets and security groups.
    readWithoutResource: ['ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeVpcs'],
    dependents: (scope) => [
      passRoleTo(scope, 'lambda'),
      // Environment variables encrypted with the environment key.
      keyUseThrough(scope, 'lambda', ['kms:Encrypt', 'kms:Decrypt', 'kms:CreateGrant']),
    ],
    // GetFunction returns the environment variables, which Lambda decrypts with the caller's credentials: without
    // this the plan shows them as changed on every pull request.
    planDependents: (scope) => [
      {
        Sid: 'DecryptFunctionSettingsThroughLambda',
        Action: ['kms:Decrypt'],
        Resource: regional(scope, 'kms', 'key/*'),
        Condition: {
          StringEquals: {
            ...environmentTags(scope, 'aws:ResourceTag').StringEquals,
            'kms:ViaService': `lambda.${scope.region}.amazonaws.com`,
          },
        },
      },
    ],
  },
  aws_lambda_function_url: {
    sid: 'ManageEnvironmentFunctions',
    resources: functions,
    create: ['lambda:CreateFunctionUrlConfig'],
    read: ['lambda:GetFunctionUrlConfig'],
    update: ['lambda:UpdateFunctionUrlConfig'],
    delete: ['lambda:DeleteFunctionUrlConfig'],
  },
  aws_lambda_event_source_mapping: {
    sid: 'ManageEnvironmentEventSourceMappings',
    resources: (scope) => [regional(scope, 'lambda', 'event-source-mapping:*')],
    condition: ofEnvironmentFunctions,
    read: ['lambda:GetEventSourceMapping'],
    update: ['lambda:UpdateEventSourceMapping'],
    delete: ['lambda:DeleteEventSourceMapping'],
    dependents: (scope) => [
      {
        Sid: CREATE_EVENT_SOURCE_MAPPING_SID,
        Action: ['lambda:CreateEventSourceMapping'],
        Resource: '*',
        Condition: ofEnvironmentFunctions(scope),
      },
      // The tag calls do not carry lambda:FunctionArn: the provider's default tags on the account's mappings.
      {
        Sid: 'TagEventSourceMappings',
        Action: ['lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags'],
        Resource: regional(scope, 'lambda', 'event-source-mapping:*'),
      },
    ],
    planDependents: (scope) => [
      {
        Sid: 'ReadEventSourceMappingTags',
        Action: ['lambda:ListTags'],
        Resource: regional(scope, 'lambda', 'event-source-mapping:*'),
      },
    ],
  },
  aws_lambda_permission: {
    sid: 'ManageEnvironmentFunctions',
    resources: functions,
    create: ['lambda:AddPermission'],
    read: ['lambda:GetPolicy'],
    delete: ['lambda:RemovePermission'],
    // A function's policy may name AWS services and, for a function URL, `*` (guarded by the URL's auth type and
    // the guardrails), never an account or role: nothing outside the environment gets to invoke or change it.
    dependents: () => [
      {
        Sid: 'DenyAccountsInFunctionPolicy',
        Effect: 'Deny',
        Action: ['lambda:AddPermission'],
        // Every function (AddPermission acts on functions only): the boundary repeats this statement, so it is short.
        Resource: '*',
        Condition: {
          StringNotLike: { 'lambda:Principal': '*.amazonaws.com' },
          StringNotEquals: { 'lambda:Principal': '*' },
        },
      },
    ],
  },
};
