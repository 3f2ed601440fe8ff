import { existsSync } from 'node:fs';
import type { ReelbackApp } from '../app.js';
import type { SetupState } from '../accounts/setup.service.js';
import { seedDemoFlow } from '../demo/seed-demo.js';

/**
 * The web side of a process (REELBACK_ROLE all or web), before it listens: requeues finished uploads a crash
 * stranded, seeds the demo flow when asked, and says whether the first run's setup is pending.
 */
export async function prepareWeb(
  reelback: ReelbackApp,
  demo: { enabled: boolean; file: string },
  log: (line: string) => void,
): Promise<SetupState> {
  // A crash between an upload's last byte and its job would otherwise strand the clip. Uploads in progress are
  // on the disk of the process that took them: the web process looks (it enqueues; a worker runs the job).
  const uploadComplete = async (id: string) => {
    const upload = await reelback.tus.datastore.getUpload(id).catch(() => undefined);
    return upload !== undefined && upload.size !== undefined && upload.offset === upload.size;
  };
  const requeued =
    (await reelback.services.clips.requeueFinishedUploads(uploadComplete)) + (await reelback.services.mediaUploads.requeueFinishedUploads(uploadComplete));
  if (requeued > 0) log(`Requeued ${requeued} finished upload(s) for processing.`);
  if (demo.enabled) {
    if (existsSync(demo.file)) {
      // As the admin key would: in the bootstrap workspace once there is one.
      const { workspaceId } = await reelback.services.accounts.adminKeyCaller();
      await seedDemoFlow(reelback.services.flows, demo.file, { workspaceId });
    } else log(`No demo flow at ${demo.file}: skipping the demo seed.`);
  }
  return reelback.services.setup.prepare();
}
