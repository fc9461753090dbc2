import { PartnerChangeDialog } from './partner-change.dialog.js';
import type { FlowDeps } from './flow-kit.js';

/** Change the partner of record of a subscription (the steps are shared: PartnerChangeDialog). */
export class ChangePartnerDialog extends PartnerChangeDialog {
  static readonly id = 'ChangePartnerDialog';

  constructor(deps: FlowDeps) {
    super(ChangePartnerDialog.id, 'change', deps);
  }
}
