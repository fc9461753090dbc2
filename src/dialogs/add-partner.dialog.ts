import { PartnerChangeDialog } from './partner-change.dialog.js';
import type { FlowDeps } from './flow-kit.js';

/** Add a partner of record to of a subscription (the steps are shared: PartnerChangeDialog). */
export class AddPartnerDialog extends PartnerChangeDialog {
  static readonly id = 'AddPartnerDialog';

  constructor(deps: FlowDeps) {
    super(AddPartnerDialog.id, 'add', deps);
  }
}
