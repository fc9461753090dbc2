import { PartnerChangeDialog } from './partner-change.dialog.js';
import type { FlowDeps } from './flow-kit.js';

/** Remove the partner of record from of a subscription (the steps are shared: PartnerChangeDialog). */
export class RemovePartnerDialog extends PartnerChangeDialog {
  static readonly id = 'RemovePartnerDialog';

  constructor(deps: FlowDeps) {
    super(RemovePartnerDialog.id, 'remove', deps);
  }
}
