import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import * as repo from './recruitment.repository.js';

const ACCEPTED_NOTE = 'A teacher from this school was accepted into the cohort';

/**
 * A school whose teacher a partner accepted into its cohort takes part: it shows in that course's pipeline as
 * committed (added, or moved there with a line in its history), and so counts toward the partner's schools
 * committed. For the teacher applications, inside the transaction of their decision; a course outside the
 * pipeline (CS Fundamentals, say) has no pipeline to show it in.
 */
export async function commitSchoolOfAcceptedTeacher(
  trx: Kysely<Database>,
  accepted: {
    partnerId: string;
    programYearId: string;
    courseId: string;
    schoolId: string;
    by: repo.ActorStamp;
  },
): Promise<void> {
  const courses = await repo.listRecruitmentCourses(trx);
  if (!courses.some((course) => course.id === accepted.courseId)) return;
  const found = await repo.findTargetByKey(trx, {
    ...accepted,
    targetKey: repo.targetKeyOf('school', accepted.schoolId),
  });
  // Locked before its stage is read, so that someone moving the same card at this moment waits for the decision.
  const target = found && (await repo.lockTarget(trx, found.id));
  if (!target) {
    await repo.insertTarget(
      trx,
      {
        ...accepted,
        kind: 'school',
        directoryId: accepted.schoolId,
        notes: '',
        stage: 'committed',
        note: ACCEPTED_NOTE,
      },
      accepted.by,
    );
  } else if (target.stage !== 'committed') {
    await repo.updateTarget(
      trx,
      target.id,
      { stage: 'committed' },
      { fromStage: target.stage, toStage: 'committed', note: ACCEPTED_NOTE },
      accepted.by,
    );
  }
}
