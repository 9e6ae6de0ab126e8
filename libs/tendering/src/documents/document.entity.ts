import { Entity } from 'typeorm';
import { StoredFile } from '#platform';

/** A file attached to a tender by its authority. */
@Entity('documents')
export class TenderDocument extends StoredFile {}
