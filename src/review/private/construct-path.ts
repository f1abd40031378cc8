import { IConstruct } from 'constructs';

/**
 * The construct at a path below a stack: relative to the stack, or absolute from the app. Shared
 * by the aws-cdk-lib and cdktf adapters, which both name identities by construct path.
 */
export function constructAt(stack: IConstruct, constructPath: string): IConstruct | undefined {
  const absolute = stack.node.path !== '' && (constructPath === stack.node.path || constructPath.startsWith(`${stack.node.path}/`));
  const relative = absolute ? constructPath.substring(stack.node.path.length).replace(/^\//, '') : constructPath;
  if (relative === '') return stack;
  let current: IConstruct | undefined = stack;
  for (const id of relative.split('/')) {
    current = current.node.tryFindChild(id);
    if (current === undefined) return undefined;
  }
  return current;
}
