import { OrgPolicyPolicy } from '@cdktf/provider-google/lib/org-policy-policy';
import { Lazy, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { GcpTrustErrorCode } from './errors';
import { show, trustError } from '../core/errors';

/** The list constraint that lets service accounts issue tokens of up to 12 hours (FACTS.md). */
const CONSTRAINT = 'iam.allowServiceAccountCredentialLifetimeExtension';
const PARENT = /^(organizations|folders|projects)\/[A-Za-z0-9-]+$/;

/**
 * The organisation policy that allows service account tokens over one hour, for the service
 * accounts whose trusts ask for it: one `google_org_policy_policy` per stack and parent, listing
 * them all. It owns the constraint at that level: values set elsewhere for it are replaced.
 */
export class CredentialLifetimeExtension extends Construct {
  /** The stack's extension at `parent`, created on first use. */
  public static of(scope: IConstruct, parent: string): CredentialLifetimeExtension {
    if (!PARENT.test(parent)) {
      throw trustError(GcpTrustErrorCode.INVALID_POLICY_PARENT,
        `${scope.node.path}: the lifetime extension parent ${show(parent)} is not organizations/ID, folders/ID or projects/ID.`,
        'give the resource that should hold the organisation policy, e.g. "organizations/123456789012".');
    }
    const stack = TerraformStack.of(scope);
    const id = `CredentialLifetimeExtension-${parent.replace(/\//g, '-')}`;
    return (stack.node.tryFindChild(id) as CredentialLifetimeExtension | undefined) ?? new CredentialLifetimeExtension(stack, id, parent);
  }

  /** The Terraform resource. */
  public readonly resource: OrgPolicyPolicy;
  private readonly accounts: string[] = [];

  private constructor(scope: Construct, id: string, parent: string) {
    super(scope, id);
    this.resource = new OrgPolicyPolicy(this, 'Resource', {
      name: `${parent}/policies/${CONSTRAINT}`,
      parent,
      spec: { rules: [{ values: { allowedValues: Lazy.listValue({ produce: () => [...this.accounts].sort() }) } }] },
    });
  }

  /** Allows tokens of up to 12 hours for this service account email. */
  public allow(serviceAccountEmail: string): void {
    if (!this.accounts.includes(serviceAccountEmail)) this.accounts.push(serviceAccountEmail);
  }
}
